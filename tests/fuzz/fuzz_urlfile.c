/*
 * fuzz_urlfile.c - libFuzzer target for the URL-file parser
 * (workloads/urllist.c): whatever a classroom's file holds, loading it
 * gives a list or one clear error, never a crash, a leak or a hang.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <curl/curl.h>

#include "workloads/lib/urllist.h"

/* The parser reads a file, so each input is written to one. */
static const char *path_of_input(void)
{
	static char path[64];

	if (!path[0]) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		snprintf(path, sizeof(path), "/tmp/gilbench-fuzz-urls.%d",
			 (int)getpid());
	}
	return path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = path_of_input();
	struct urllist l = { 0 };
	char err[512];
	FILE *f;

	f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (urllist_load(&l, path, err, sizeof(err)) == 0)
		urllist_free(&l);
	unlink(path);	/* nothing left behind when the fuzzer stops */
	return 0;
}
