/* urllist.c - see urllist.h. */
#include "workloads/lib/urllist.h"
#include "bench/core/hooks.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int urllist_check_url(const char *url, char *why, size_t whylen)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	CURLUcode uc;
	int rc = -EINVAL;

	if (!u)
		return -ENOMEM;
	uc = curl_url_set(u, CURLUPART_URL, url, 0);
	if (uc)
		snprintf(why, whylen, "is not a URL (%s)", curl_url_strerror(uc));
	else if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ||
		 (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")))
		snprintf(why, whylen, "is not an http:// or https:// URL");
	else if (curl_url_get(u, CURLUPART_HOST, &host, 0) || !*host)
		snprintf(why, whylen, "has no host");
	else
		rc = 0;
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

static int push(struct urllist *l, const char *url)
{
	char **urls = realloc(l->urls, (l->n + 1) * sizeof(*urls));

	if (!urls)
		return -ENOMEM;
	l->urls = urls;
	l->urls[l->n] = strdup(url);
	if (!l->urls[l->n])
		return -ENOMEM;
	l->n++;
	return 0;
}

int urllist_one(struct urllist *out, const char *url, char *err,
		size_t errlen)
{
	char why[128], shown[256];
	int rc;

	memset(out, 0, sizeof(*out));
	rc = urllist_check_url(url, why, sizeof(why));
	if (rc) {
		gb_escape(shown, sizeof(shown), url, strlen(url));
		snprintf(err, errlen, "--url: '%s' %s", shown, why);
		return rc;
	}
	return push(out, url);
}

/* One line of the file, [s, s + len), 1-based number lineno: skipped if
 * blank or a comment, else checked and added. Returns 0, -EINVAL (a bad
 * line: *bad counts it, and the first one's message goes in err) or
 * -ENOMEM. */
static int parse_line(struct urllist *out, const char *name, long lineno,
		      char *s, size_t len, long *bad, char *err, size_t errlen)
{
	char why[128], shown[4 * 80 + 4];
	char *e = s + len, *nul = memchr(s, '\0', len);
	int rc;

	/* A NUL would cut the URL silently: the line is refused, and where
	 * it is said (a binary file given by mistake, most likely). */
	if (nul) {
		if (!(*bad)++)
			snprintf(err, errlen, "--url-file '%s' line %ld column "
				 "%ld: a NUL byte (is it a text file?)", name,
				 lineno, (long)(nul - s) + 1);
		return -EINVAL;
	}
	if (len > URLLIST_MAX_LINE) {
		if (!(*bad)++)
			snprintf(err, errlen, "--url-file '%s' line %ld: longer "
				 "than %u bytes, which no URL is", name, lineno,
				 URLLIST_MAX_LINE);
		return -EINVAL;
	}
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*e = '\0';
	if (!*s || *s == '#')
		return 0;
	rc = urllist_check_url(s, why, sizeof(why));
	if (rc == -EINVAL) {
		if (!(*bad)++) {
			/* Escaped: the bytes of a binary file must not drive
			 * the terminal. */
			gb_escape(shown, sizeof(shown), s,
				  (size_t)(e - s) > 80 ? 80 : (size_t)(e - s));
			snprintf(err, errlen, "--url-file '%s' line %ld: '%s' "
				 "%s; fix or comment out the line with #", name,
				 lineno, shown, why);
		}
		return rc;
	}
	return rc ? rc : push(out, s);
}

int urllist_parse(struct urllist *out, const char *name, const char *text,
		  size_t len, char *err, size_t errlen)
{
	char *buf = malloc(len + 1), *s;
	long lineno = 0, bad = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!buf) {
		snprintf(err, errlen, "--url-file '%s': out of memory", name);
		return -ENOMEM;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	/* Go on past a bad line to count the others: one message, but the
	 * user learns there is more to fix. */
	for (s = buf; s < buf + len && rc != -ENOMEM;) {
		char *nl = memchr(s, '\n', (size_t)(buf + len - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(buf + len - s);
		int lrc = parse_line(out, name, ++lineno, s, n, &bad, err,
				     errlen);

		if (lrc && !rc)
			rc = lrc;
		if (lrc == -ENOMEM)
			rc = lrc;
		s += n + 1;
	}
	free(buf);
	if (rc == -EINVAL && bad > 1) {
		size_t used = strlen(err);

		snprintf(err + used, errlen - used, " (and %ld more bad "
			 "line%s)", bad - 1, bad > 2 ? "s" : "");
	}
	if (!rc && !out->n) {
		rc = -ENODATA;
		snprintf(err, errlen, "--url-file '%s' has no URL (one a line, "
			 "# for comments)", name);
	}
	if (rc == -ENOMEM)
		snprintf(err, errlen, "--url-file '%s': out of memory", name);
	if (rc)
		urllist_free(out);
	return rc;
}

/* Read all of fd from offset 0 (pread: the offset of an inherited
 * descriptor is shared), at most URLLIST_MAX_FILE bytes. */
static int read_bounded(int fd, const char *name, char **text, size_t *len,
			char *err, size_t errlen)
{
	size_t cap = 65536, used = 0;
	char *buf = malloc(cap);

	if (!buf) {
		snprintf(err, errlen, "--url-file '%s': out of memory", name);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n;

		if (used == cap) {
			char *bigger;

			if (cap > URLLIST_MAX_FILE) {
				free(buf);
				snprintf(err, errlen, "--url-file '%s' is larger "
					 "than %u MiB, far more than any list "
					 "of URLs (is it the right file?)", name,
					 URLLIST_MAX_FILE >> 20);
				return -EFBIG;
			}
			bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				snprintf(err, errlen, "--url-file '%s': out of "
					 "memory", name);
				return -ENOMEM;
			}
			buf = bigger;
			cap *= 2;
		}
		n = pread(fd, buf + used, cap - used, (off_t)used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			snprintf(err, errlen, "--url-file: cannot read '%s': %s",
				 name, strerror(e));
			return -e;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	*text = buf;
	*len = used;
	return 0;
}

int urllist_load_fd(struct urllist *out, const char *name, int fd,
		    char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = read_bounded(fd, name, &text, &len, err, errlen);
	if (rc)
		return rc;
	rc = urllist_parse(out, name, text, len, err, errlen);
	free(text);
	return rc;
}

int urllist_load(struct urllist *out, const char *path, char *err,
		 size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	memset(out, 0, sizeof(*out));
	if (fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "--url-file: cannot open '%s': %s", path,
			 strerror(-rc));
		return rc;
	}
	rc = urllist_load_fd(out, path, fd, err, errlen);
	close(fd);
	return rc;
}

void urllist_free(struct urllist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->urls[i]);
	free(l->urls);
	l->urls = NULL;
	l->n = 0;
}
