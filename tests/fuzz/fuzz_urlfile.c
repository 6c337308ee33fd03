/*
 * fuzz_urlfile.c - libFuzzer target for the URL-file parser
 * (workloads/lib/urllist.c): whatever a classroom's file holds (NUL
 * bytes, endless lines, terminal escapes), parsing it gives a list or one
 * clear error, never a crash, a leak or a hang, and the error is one line
 * of printable text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "workloads/lib/urllist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct urllist l = { 0 };
	char err[512] = "";

	if (!ready) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		ready = 1;
	}
	if (urllist_parse(&l, "fuzz", (const char *)data, size, err,
			  sizeof(err)) == 0) {
		if (!l.n)
			abort();	/* success means at least one URL */
		urllist_free(&l);
		return 0;
	}
	for (const char *p = err; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			abort();	/* a raw byte would reach the terminal */
	return 0;
}
