/* urllist.c - see urllist.h. */
#include "workloads/lib/urllist.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	char why[128];
	int rc;

	memset(out, 0, sizeof(*out));
	rc = urllist_check_url(url, why, sizeof(why));
	if (rc) {
		snprintf(err, errlen, "--url: '%s' %s", url, why);
		return rc;
	}
	return push(out, url);
}

int urllist_load(struct urllist *out, const char *path, char *err,
		 size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, why[128];
	size_t cap = 0;
	long lineno = 0, bad = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!f) {
		rc = -errno;
		snprintf(err, errlen, "--url-file: cannot open '%s': %s", path,
			 strerror(-rc));
		return rc;
	}
	/* Go on past a bad line to count the others: one message, but the
	 * user learns there is more to fix. */
	while ((!rc || rc == -EINVAL) && getline(&line, &cap, f) >= 0) {
		int lrc;

		char *s = line, *e;

		lineno++;
		while (isspace((unsigned char)*s))
			s++;
		e = s + strlen(s);
		while (e > s && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (!*s || *s == '#')
			continue;
		lrc = urllist_check_url(s, why, sizeof(why));
		if (lrc == -EINVAL && !bad++)
			snprintf(err, errlen, "--url-file '%s' line %ld: '%.80s' "
				 "%s; fix or comment out the line with #",
				 path, lineno, s, why);
		if (!lrc && !rc)
			lrc = push(out, s);
		if (lrc && !rc)
			rc = lrc;
	}
	if (bad > 1) {
		size_t used = strlen(err);

		snprintf(err + used, errlen - used, " (and %ld more bad "
			 "line%s)", bad - 1, bad > 2 ? "s" : "");
	}
	if (!rc && ferror(f)) {
		rc = -EIO;
		snprintf(err, errlen, "--url-file: cannot read '%s'", path);
	}
	if (!rc && !out->n) {
		rc = -ENODATA;
		snprintf(err, errlen, "--url-file '%s' has no URL (one a line, "
			 "# for comments)", path);
	}
	if (rc == -ENOMEM)
		snprintf(err, errlen, "--url-file '%s': out of memory", path);
	free(line);
	fclose(f);
	if (rc)
		urllist_free(out);
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
