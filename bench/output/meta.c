/* meta.c - see meta.h. */
#include "bench/output/meta.h"
#include "bench/core/cpus.h"
#include "bench/core/util.h"
#include "bench/modes/mode.h"
#include "workloads/workload.h"

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

void meta_unescape(char *s)
{
	char *to = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*to++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
		} else {
			*to++ = *s;
		}
	}
	*to = '\0';
}

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

/* A key=value line whose value is text for a person: one line. */
static void put_text(FILE *f, const char *key, const char *v)
{
	fprintf(f, "%s=", key);
	for (; v && *v; v++)
		fputc(*v == '\n' || *v == '\r' ? ' ' : *v, f);
	fputc('\n', f);
}

/* What the registries say of the run's modes and workloads: their look
 * and gloss, a workload's kind and unit (bench/modes/registry.h,
 * workloads/workload.h). */
static void put_about(FILE *f, const struct mode *const *modes,
		      size_t nmodes, const struct workload *const *wls,
		      size_t nwl)
{
	char key[128];

	for (size_t i = 0; i < nmodes; i++) {
		const struct mode_look *l = &modes[i]->look;
		const char *n = modes[i]->name;

		fprintf(f, "mode.%s.color=%s\nmode.%s.point=%d\n", n, l->color,
			n, l->point);
		fprintf(f, "mode.%s.glyph=%s\nmode.%s.shape=%s\n", n, l->glyph,
			n, l->shape);
		snprintf(key, sizeof(key), "mode.%s.gloss", n);
		put_text(f, key, l->gloss);
	}
	for (size_t i = 0; i < nwl; i++) {
		const char *n = wls[i]->name;

		fprintf(f, "workload.%s.kind=%s\n", n,
			wl_kind_name(wls[i]->kind));
		snprintf(key, sizeof(key), "workload.%s.unit", n);
		put_text(f, key, wls[i]->unit);
		snprintf(key, sizeof(key), "workload.%s.gloss", n);
		put_text(f, key, wls[i]->gloss);
	}
}

int meta_write(const char *csv_path, const char *run_id, uint64_t seed,
	       int argc, char **argv, const struct mode *const *modes,
	       size_t nmodes, const struct workload *const *wls, size_t nwl)
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
	/* One line: a newline in an argument would end the section's key.
	 * For a person; the argv lines below are the command itself. */
	for (int i = 0; i < argc; i++) {
		fputs(i ? " " : "", f);
		for (const char *a = argv[i]; *a; a++)
			fputc(*a == '\n' || *a == '\r' ? ' ' : *a, f);
	}
	fputc('\n', f);
	/* One line per argument, a newline or backslash in it escaped:
	 * the invocation exactly, whatever its words hold (meta_unescape). */
	for (int i = 0; i < argc; i++) {
		fputs("argv=", f);
		for (const char *a = argv[i]; *a; a++) {
			if (*a == '\n' || *a == '\r' || *a == '\\')
				fputc('\\', f);
			fputc(*a == '\n' ? 'n' : *a == '\r' ? 'r' : *a, f);
		}
		fputc('\n', f);
	}
	put_about(f, modes, nmodes, wls, nwl);
	fputc('\n', f);
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
	return meta_get_in(meta_path, NULL, key, nth, buf, len);
}

int meta_get_in(const char *meta_path, const char *section, const char *key,
		unsigned nth, char *buf, size_t len)
{
	FILE *f = fopen(meta_path, "r");
	size_t klen = strlen(key), slen = section ? strlen(section) : 0;
	char line[4096];
	int rc = -ENOENT, in = !section;

	if (len)
		buf[0] = '\0';
	if (!f)
		return -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '[' && section) {
			in = strncmp(line + 1, section, slen) == 0 &&
			     line[slen + 1] == ']';
			continue;
		}
		if (!in || strncmp(line, key, klen) || line[klen] != '=')
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
