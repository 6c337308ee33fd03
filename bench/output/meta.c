/* meta.c - see meta.h. */
#include "bench/output/meta.h"
#include "bench/core/cpus.h"
#include "bench/core/util.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* Set by the Makefile; defaults keep a hand build working. */
#ifndef GB_GIT_REV
#define GB_GIT_REV "unknown"
#endif
#ifndef GB_CFLAGS
#define GB_CFLAGS "unknown"
#endif

void meta_cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) == 0 && colon) {
			colon += 2;
			colon[strcspn(colon, "\n")] = '\0';
			snprintf(buf, len, "%s", colon);
			break;
		}
	}
	fclose(f);
}

int meta_write(const char *csv_path, const char *run_id, uint64_t seed,
	       int argc, char **argv)
{
	char path[4096], cpu[256], date[64];
	struct utsname un;
	time_t now = time(NULL);
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int fd, rc;

	/* The section is made in memory and appended in one locked write:
	 * runs that share the file (make bench twice at once) never mix
	 * their sections, however long the command line. */
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	uname(&un);
	meta_cpu_model(cpu, sizeof(cpu));
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fprintf(f, "[%s]\n", run_id);
	fprintf(f, "date=%s\n", date);
	fprintf(f, "host=%s\n", un.nodename);
	fprintf(f, "cpu_model=%s\n", cpu);
	/* Online, affinity, quota, usable and why, physical, siblings. */
	cpus_write_keys(f, cpus_here());
	fprintf(f, "kernel=%s %s %s\n", un.sysname, un.release, un.machine);
	fprintf(f, "compiler=%s\n", __VERSION__);
	fprintf(f, "cflags=%s\n", GB_CFLAGS);
	fprintf(f, "libcurl=%s\n", curl_version());
	fprintf(f, "git=%s\n", GB_GIT_REV);
	fprintf(f, "seed=%llu\n", (unsigned long long)seed);
	fprintf(f, "command=");
	/* One line: a newline in an argument would end the section's key. */
	for (int i = 0; i < argc; i++) {
		fputs(i ? " " : "", f);
		for (const char *a = argv[i]; *a; a++)
			fputc(*a == '\n' || *a == '\r' ? ' ' : *a, f);
	}
	fprintf(f, "\n\n");
	if (ferror(f) | (fclose(f) != 0)) {
		free(text);
		return -ENOMEM;
	}
	snprintf(path, sizeof(path), "%s.meta", csv_path);
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = -errno;
		free(text);
		return rc;
	}
	rc = gb_append_locked(fd, text, len);
	close(fd);
	free(text);
	return rc;
}

int meta_get(const char *meta_path, const char *key, unsigned nth,
	     char *buf, size_t len)
{
	FILE *f = fopen(meta_path, "r");
	size_t klen = strlen(key);
	char line[4096];
	int rc = -ENOENT;

	if (len)
		buf[0] = '\0';
	if (!f)
		return -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) || line[klen] != '=')
			continue;
		if (nth--)
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s", line + klen + 1);
		rc = 0;
		break;
	}
	fclose(f);
	return rc;
}
