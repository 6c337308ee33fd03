/* hostfile.c - see hostfile.h. */
#include "bench/modes/mpi/hostfile.h"
#include "bench/core/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The attributes Open MPI's hostfile parser knows that take a count. */
static const char *const count_keys[] = {
	"slots", "slot", "cpu", "count", "max_slots", "max-slots", "maxslots",
};

int hostfile_is_local(const char *name)
{
	static const char *const loopback[] = {
		"localhost", "localhost.localdomain", "127.0.0.1", "::1",
	};
	const char *at = strchr(name, '@');
	char self[256];
	size_t n;

	if (at)
		name = at + 1;
	for (size_t i = 0; i < GB_ARRAY_LEN(loopback); i++)
		if (strcmp(name, loopback[i]) == 0)
			return 1;
	if (gethostname(self, sizeof(self)) < 0)
		return 0;
	self[sizeof(self) - 1] = '\0';
	if (strcmp(name, self) == 0)
		return 1;
	/* "node1" names this machine if it is node1.example.org, and
	 * "node1.example.org" names it if it calls itself node1. */
	n = strcspn(self, ".");
	if (strlen(name) == n && strncmp(name, self, n) == 0)
		return 1;
	n = strlen(self);
	return !strchr(self, '.') && strncmp(name, self, n) == 0 &&
	       name[n] == '.';
}

/* A host name, IPv4 or IPv6 address, maybe with "user@" in front. */
static int valid_host(const char *h)
{
	if (!*h || *h == '-' || *h == '.')
		return 0;
	for (; *h; h++)
		if (!isalnum((unsigned char)*h) && !strchr(".-_:@", *h))
			return 0;
	return 1;
}

/* "key=N": 0 and *slots set for a known count key, -EINVAL otherwise. */
static int parse_attr(const char *tok, unsigned long *slots)
{
	const char *eq = strchr(tok, '=');
	uint64_t v;

	if (!eq)
		return -EINVAL;
	for (size_t i = 0; i < GB_ARRAY_LEN(count_keys); i++) {
		if (strlen(count_keys[i]) == (size_t)(eq - tok) &&
		    strncmp(tok, count_keys[i], (size_t)(eq - tok)) == 0) {
			if (gb_parse_u64(eq + 1, 1, 1000000, &v))
				return -EINVAL;
			if (strncmp(tok, "max", 3) != 0)
				*slots += v;
			return 0;
		}
	}
	return -EINVAL;
}

int hostfile_check(const char *path, struct hostfile_info *info, char *err,
		   size_t errlen)
{
	char line[1024];
	unsigned lineno = 0;
	FILE *f;
	int rc = 0;

	memset(info, 0, sizeof(*info));
	f = fopen(path, "r");
	if (!f) {
		rc = -errno;
		snprintf(err, errlen, "--hostfile: cannot read '%s': %s "
			 "(give a file listing one host per line)", path,
			 strerror(-rc));
		return rc;
	}
	errno = 0;
	while (!rc && fgets(line, sizeof(line), f)) {
		char *save = NULL, *tok;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "--hostfile: '%s' line %u is "
				 "longer than %zu characters", path, lineno,
				 sizeof(line) - 2);
			rc = -EINVAL;
			break;
		}
		line[strcspn(line, "#")] = '\0';
		tok = strtok_r(line, " \t\r\n", &save);
		if (!tok)
			continue;
		if (!valid_host(tok)) {
			snprintf(err, errlen, "--hostfile: '%s' line %u: '%.64s' "
				 "is not a host name", path, lineno, tok);
			rc = -EINVAL;
			break;
		}
		info->hosts++;
		if (!hostfile_is_local(tok))
			info->remote++;
		while ((tok = strtok_r(NULL, " \t\r\n", &save))) {
			if (parse_attr(tok, &info->slots)) {
				snprintf(err, errlen, "--hostfile: '%s' line %u: "
					 "'%.64s' is not slots=N or max_slots=N "
					 "(N a positive number)", path, lineno,
					 tok);
				rc = -EINVAL;
				break;
			}
		}
	}
	if (!rc && ferror(f)) {
		/* A folder opens but does not read (EISDIR). */
		rc = errno ? -errno : -EIO;
		snprintf(err, errlen, "--hostfile: cannot read '%s': %s", path,
			 strerror(-rc));
	}
	fclose(f);
	if (!rc && !info->hosts) {
		snprintf(err, errlen, "--hostfile: '%s' names no host (give one "
			 "host per line, e.g. 'localhost slots=2')", path);
		rc = -EINVAL;
	}
	return rc;
}
