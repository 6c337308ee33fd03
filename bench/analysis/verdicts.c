/* verdicts.c - see verdicts.h. */
#include "bench/analysis/verdicts.h"
#include "bench/core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* One field, quoted when it holds a comma, a quote or a line break. */
static void put(FILE *f, const char *v, int last)
{
	if (strpbrk(v, ",\"\r\n")) {
		fputc('"', f);
		for (; *v; v++) {
			if (*v == '"')
				fputc('"', f);
			fputc(*v, f);
		}
		fputc('"', f);
	} else {
		fputs(v, f);
	}
	fputc(last ? '\n' : ',', f);
}

int verdicts_write_csv(const char *path, const struct claim *claims,
		       size_t n, const struct claim_result *res)
{
	char tmp[4200], reps[16];
	FILE *f;
	int rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	fputs("id,verdict,figure,interval,reason,repetitions,busy\n", f);
	for (size_t i = 0; i < n; i++) {
		snprintf(reps, sizeof(reps), res[i].reps_max > res[i].reps
			 ? "%u-%u" : "%u", res[i].reps, res[i].reps_max);
		put(f, claims[i].id, 0);
		put(f, verdict_name(res[i].verdict), 0);
		put(f, res[i].figure, 0);
		put(f, res[i].interval, 0);
		put(f, res[i].reason, 0);
		put(f, res[i].reps ? reps : "", 0);
		put(f, res[i].busy ? "yes" : "no", 1);
	}
	if (ferror(f))
		rc = -EIO;
	if (fclose(f) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
	return rc;
}

unsigned verdicts_width(void)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;

	if (c && atoi(c) >= 40)
		return (unsigned)atoi(c);
	if ((ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) ||
	    (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40))
		return ws.ws_col;
	return 80;
}

/* text from column `indent` on, broken at blanks so that no line passes
 * width (a word longer than the room goes on a line of its own). */
static void wrap(FILE *f, const char *text, unsigned indent, unsigned width)
{
	unsigned room = width > indent + 20 ? width - indent : 20, col = 0;
	const char *p = text;

	while (*p) {
		size_t w = strcspn(p, " ");

		if (col && col + 1 + w > room) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = 0;
		}
		if (col) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, w, f);
		col += (unsigned)w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

void verdicts_print(FILE *f, const struct claim *claims, size_t n,
		    const struct claim_result *res, unsigned width)
{
	/* "C12  inconclusive  ": the reason starts at column 19. */
	const unsigned indent = 2 + 4 + 1 + 13 + 1;
	unsigned count[VERDICT__COUNT] = { 0 };

	fprintf(f, "\nverdicts (details in the report):\n");
	for (size_t i = 0; i < n; i++) {
		const struct claim_result *r = &res[i];
		char reps[32] = "";

		count[r->verdict]++;
		if (r->reps && r->verdict != VERDICT_NOT_MEASURED)
			snprintf(reps, sizeof(reps), r->reps_max > r->reps
				 ? " [%u-%u reps]" : " [%u reps]", r->reps,
				 r->reps_max);
		fprintf(f, "  %-4s %-13s ", claims[i].id,
			verdict_name(r->verdict));
		{
			char line[sizeof(r->reason) + 32];

			snprintf(line, sizeof(line), "%s%s", r->reason, reps);
			wrap(f, line, indent, width);
		}
	}
	fprintf(f, "  %u reproduced, %u contradicted, %u inconclusive, %u not "
		"measured\n", count[VERDICT_REPRODUCED],
		count[VERDICT_CONTRADICTED], count[VERDICT_INCONCLUSIVE],
		count[VERDICT_NOT_MEASURED]);
}
