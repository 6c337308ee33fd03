/*
 * oracle.h - independently known answers for the prime workloads.
 *
 * A plain (not segmented) sieve of Eratosthenes over odd numbers, written
 * separately from both kernels it checks, counts the primes in each task's
 * interval. It runs once per run, untimed.
 */
#ifndef GB_ORACLE_H
#define GB_ORACLE_H

#include <stdint.h>

/* counts[i] = number of primes in [lo + i*size, lo + (i+1)*size), for i in
 * [0, n). Returns a malloc'ed array, or NULL with errno ENOMEM (out of
 * memory) or EINTR (the run is stopping: a sieve to 4e9 takes seconds,
 * and Ctrl-C must not wait for it). */
uint64_t *oracle_prime_counts(uint64_t lo, uint64_t size, uint64_t n);

/* pi(10^k) for k = 1..10, the published values, to cross-check the oracle
 * itself in the tests. */
extern const uint64_t oracle_pi_pow10[11];

#endif
