/*
 * util.h - small helpers shared by the harness's modules: dying with a
 * message, strict number parsing, checked allocation; and, through
 * hooks.h, what workloads may use too (the clock, whole reads and writes,
 * binding a child to its parent).
 *
 * Only main() and the tools call die(); library-style modules return 0 or
 * -errno and let the caller decide.
 */
#ifndef GB_UTIL_H
#define GB_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "bench/core/hooks.h"

#define GB_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* "s" after a count that is not one: "1 core", "2 cores". */
#define GB_PLURAL(n) ((n) == 1 ? "" : "s")

/* Exit statuses, part of the command-line contract. */
enum { GB_EXIT_OK = 0, GB_EXIT_FAIL = 1, GB_EXIT_USAGE = 2 };

/* Print "bench: MSG" and exit(status). A trailing ':' in fmt appends
 * strerror(errno), as in dwm's die(). */
void gb_die(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

void *gb_xmalloc(size_t n);
void *gb_xcalloc(size_t n, size_t size);
/* realloc to n elements of size bytes, or die ("out of memory"): for the
 * arrays that grow as a file is read, where there is no way on. */
void *gb_xrealloc(void *p, size_t n, size_t size);
char *gb_xstrdup(const char *s);

/* Strict parsers: the whole string must be a decimal number in [min,
 * max]; no sign for unsigned, no trailing junk, no overflow, no hex
 * ("0x10"), no inf or nan; "-0" is 0. Return 0 or -EINVAL (malformed) /
 * -ERANGE (out of range). Underscores between digits are accepted
 * ("100_000"), as Python writes them. */
int gb_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int gb_parse_double(const char *s, double min, double max, double *out);

/* The same for a command-line option: 0, or non-zero with the usage
 * error in err: "--opt: 'val' is out of range (expected RANGE)" or "is not
 * a valid number". One wording for every option of every module. */
int gb_opt_u64(const char *opt, const char *val, uint64_t min, uint64_t max,
	       const char *range, uint64_t *out, char *err, size_t errlen);
int gb_opt_double(const char *opt, const char *val, double min, double max,
		  const char *range, double *out, char *err, size_t errlen);

/* Append formatted text to the string in buf (size len), with sep before
 * it unless buf is empty; truncates rather than overflows. */
void gb_appendf(char *buf, size_t len, const char *sep, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Seconds since the epoch, for timestamps only (never for durations). */
double gb_wall_clock(void);

/* The absolute path of this program (/proc/self/exe), whatever the
 * working folder or argv[0], to start it again (spawn, forkserver). 0 or
 * -errno (-ENAMETOOLONG when it does not fit). */
int gb_self_exe(char *buf, size_t len);

/* Close *fd if open, and mark it closed (-1). */
void gb_close_fd(int *fd);

/* splitmix64: a tiny seeded generator for the run order and fixtures. */
uint64_t gb_rand_next(uint64_t *state);

/* Append buf to fd, a regular file opened O_RDWR | O_APPEND (the last
 * byte is read to check it), as one unit that
 * no other cooperating writer can interleave with: under an exclusive
 * flock, so that concurrent runs appending to one file (a CSV, its .meta)
 * never mix their lines. Returns 0; -EBADMSG when the file is not empty
 * and does not end in a newline (a cut line: nothing is written, as the
 * text would be glued onto it); or the -errno of a failed write, after
 * which the bytes this call wrote are cut off again, but only when
 * nothing else was added meanwhile (a writer that does not lock): what
 * another writer added is never truncated. */
int gb_append_locked(int fd, const void *buf, size_t len);

/* flock(fd, LOCK_EX) / LOCK_UN, retried on EINTR. 0 or -errno. */
int gb_lock(int fd);
void gb_unlock(int fd);


/* Read the regular file or device at path once, at most max bytes, into a
 * sealed memory file (memfd, close-on-exec): what every process of the
 * run then reads, so that a file edited or removed mid-run cannot give
 * one worker other contents than the parent checked. 0 with *fd set, or
 * -errno with err "cannot open 'PATH': ..." / -EFBIG past max. */
int gb_snapshot_file(const char *path, size_t max, int *fd, char *err,
		     size_t errlen);

/*
 * Replacing a file atomically: readers see the old file or the new one,
 * never a part. gb_afile_open creates a temporary file in path's folder
 * (so the rename cannot cross file systems) and gives a stream on it;
 * gb_afile_commit flushes it, fsyncs it, renames it over path and fsyncs
 * the folder; gb_afile_abort removes it. A failed commit removes the
 * temporary and leaves path as it was. Errors are the real errno of the
 * first failed write (-ENOSPC for a full disk, -EFBIG for a file size
 * limit), not stdio's "an error happened". The handle is freed by commit
 * and abort.
 */
struct gb_afile;
int gb_afile_open(struct gb_afile **out, const char *path, FILE **f);
/* Flush and fsync, keep the handle: 0 or the first error. For writers of
 * several files that rename them only when every one was written. */
int gb_afile_sync(struct gb_afile *a);
int gb_afile_commit(struct gb_afile *a);
void gb_afile_abort(struct gb_afile *a);

#endif
