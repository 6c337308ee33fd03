/*
 * human.h - numbers a person reads: durations in ns/us/ms/s, sizes in
 * B/KiB/MiB/GiB, counts with thousands separators, ranges "73 us to
 * 189 us", ratios "1.92x" that never print as 0.00x.
 *
 * The CSV and summary.csv keep full precision; these are for what a
 * reader sees (the terminal table, the report, chart labels). Each
 * writes into buf (always terminated) and returns buf, so a call can be
 * an argument of printf.
 */
#ifndef GB_HUMAN_H
#define GB_HUMAN_H

#include <stddef.h>
#include <stdint.h>

/* "56 ns", "73.0 us", "1.23 ms", "189 ms", "2.31 s", "4.5 min"; three
 * significant digits; "0" for 0 and "-" for NAN or a negative value. */
char *human_seconds(char *buf, size_t len, double s);
/* "73.0 us to 189 us": both ends in their own unit. */
char *human_range(char *buf, size_t len, double lo, double hi);
/* "512 B", "1 KiB", "1.5 MiB", "64 MiB", "4 GiB". */
char *human_bytes(char *buf, size_t len, double bytes);
/* Whole numbers from 1000 up with separators ("110,753"); below, three
 * significant digits ("0.131", "12.5", "199"). "-" for NAN. */
char *human_count(char *buf, size_t len, double v);
/* A ratio of two times: "15.8x", "1.92x", "0.95x", "0.013x"; never a
 * zero where the ratio is not zero. "-" for NAN. */
char *human_ratio(char *buf, size_t len, double x);
/* A workload's own figure, by its CSV metric name, in words:
 * round_trips_per_s -> "25,876 round trips/s", us_per_task -> "131 ns
 * per task", lost_updates -> "110,753 lost updates"; any other name as
 * "NAME VALUE". */
char *human_metric(char *buf, size_t len, const char *name, double v);

/* A short name for buffers of these functions. */
#define HUMAN_LEN 48

#endif
