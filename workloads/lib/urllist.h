/*
 * urllist.h - the URLs the http workload fetches when it is not using its
 * bundled server: one from --url, or a list from --url-file.
 *
 * A URL file has one URL a line; blank lines and lines whose first
 * non-blank character is '#' are skipped; leading and trailing blanks
 * (and a CR before the newline) are ignored. Every URL must be http:// or
 * https:// with a host; libcurl's own URL parser (curl_url) judges it, so
 * what is accepted here is exactly what libcurl can fetch. A line holds
 * at most URLLIST_MAX_LINE bytes and no NUL, the file at most
 * URLLIST_MAX_FILE bytes: input without newlines (/dev/zero) ends in an
 * error, not in all the memory there is.
 */
#ifndef GB_URLLIST_H
#define GB_URLLIST_H

#include <stddef.h>

#define URLLIST_MAX_LINE (64u << 10)
#define URLLIST_MAX_FILE (16u << 20)	/* 200,000 URLs of 80 bytes */

struct urllist {
	char **urls;
	size_t n;
};

/* Check one URL; 0, or -EINVAL with a reason in why ("has no host"). */
int urllist_check_url(const char *url, char *why, size_t whylen);

/* Load path into *out. 0, or -errno / -EINVAL with err set to one line
 * naming the file and, for a bad URL, its line number. An empty list
 * (no URL at all) is -ENODATA. */
int urllist_load(struct urllist *out, const char *path, char *err,
		 size_t errlen);

/* The same from the open file fd, read from offset 0 with pread (an
 * inherited descriptor's offset is shared); name is what the messages
 * call it. */
int urllist_load_fd(struct urllist *out, const char *name, int fd,
		    char *err, size_t errlen);
/* The parser itself, on the file's bytes text[0, len). */
int urllist_parse(struct urllist *out, const char *name, const char *text,
		  size_t len, char *err, size_t errlen);

/* A list of one URL (--url). 0, -EINVAL (err set) or -ENOMEM. */
int urllist_one(struct urllist *out, const char *url, char *err,
		size_t errlen);

void urllist_free(struct urllist *l);

#endif
