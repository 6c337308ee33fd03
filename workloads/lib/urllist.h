/*
 * urllist.h - the URLs the http workload fetches when it is not using its
 * bundled server: one from --url, or a list from --url-file.
 *
 * A URL file has one URL a line; blank lines and lines whose first
 * non-blank character is '#' are skipped; leading and trailing blanks
 * (and a CR before the newline) are ignored. Every URL must be http:// or
 * https:// with a host; libcurl's own URL parser (curl_url) judges it, so
 * what is accepted here is exactly what libcurl can fetch.
 */
#ifndef GB_URLLIST_H
#define GB_URLLIST_H

#include <stddef.h>

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

/* A list of one URL (--url). 0, -EINVAL (err set) or -ENOMEM. */
int urllist_one(struct urllist *out, const char *url, char *err,
		size_t errlen);

void urllist_free(struct urllist *l);

#endif
