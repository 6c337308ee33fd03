/*
 * sumsq.h - the sum-of-squares kernel and its closed form, shared by the
 * workloads that need a cheap CPU kernel with a known answer (sumsq,
 * native, convoy).
 */
#ifndef GB_SUMSQ_H
#define GB_SUMSQ_H

#include <stddef.h>
#include <stdint.h>

struct wl_params;

/* sum_{j < n} j^2 mod 2^64, by the closed form. */
uint64_t sumsq_below(uint64_t n);
/* sum_{lo <= j < hi} j^2 mod 2^64, by the loop; `check` calls
 * gb_checkpoint() every 64 terms. */
uint64_t sumsq_loop(uint64_t lo, uint64_t hi, int check);
/* The sumsq workload's setup/expect, reused by native: the state is the
 * task size. */
int sumsq_setup(const struct wl_params *p, void **state, char *err,
		size_t errlen);
uint64_t sumsq_expect(void *state, uint64_t i);

#endif
