/* verdicts.c - see verdicts.h. */
#include "bench/analysis/verdicts.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* One field and what follows it, quoted as RFC 4180 wants (csv.h). */
static void put(FILE *f, const char *v, int last)
{
	csv_fput_field(f, v);
	fputc(last ? '\n' : ',', f);
}

int verdicts_write_csv(const char *path, const struct claim_result *res)
{
	struct gb_afile *a;
	char reps[32];
	FILE *f;
	int rc;

	/* Written aside and renamed, as every file of a report (util.h). */
	rc = gb_afile_open(&a, path, &f);
	if (rc)
		return rc;
	fputs("id,verdict,figure,interval,reason,repetitions,busy\n", f);
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		snprintf(reps, sizeof(reps), res[i].reps_max > res[i].reps
			 ? "%u-%u" : "%u", res[i].reps, res[i].reps_max);
		put(f, gb_claims[i].name, 0);
		put(f, verdict_info[res[i].verdict].name, 0);
		put(f, text_str(&res[i].figure), 0);
		put(f, text_str(&res[i].interval), 0);
		put(f, text_str(&res[i].reason), 0);
		put(f, res[i].reps ? reps : "", 0);
		put(f, res[i].busy ? "yes" : "no", 1);
	}
	return gb_afile_commit(a);
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

void verdicts_print(FILE *f, const struct claim_result *res,
		    unsigned width)
{
	/* "C12  inconclusive  ": the reason starts at column 19. */
	const unsigned indent = 2 + 4 + 1 + 13 + 1;
	unsigned count[VERDICT__COUNT] = { 0 };

	fprintf(f, "\nverdicts (details in the report):\n");
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		const struct claim_result *r = &res[i];
		char reps[32] = "";

		count[r->verdict]++;
		if (r->reps && r->verdict != VERDICT_NOT_MEASURED)
			snprintf(reps, sizeof(reps), r->reps_max > r->reps
				 ? " [%u-%u reps]" : " [%u reps]", r->reps,
				 r->reps_max);
		fprintf(f, "  %-4s %-13s ", gb_claims[i].name,
			verdict_info[r->verdict].name);
		{
			struct text line = { 0 };

			text_setf(&line, "%s%s", text_str(&r->reason), reps);
			wrap(f, text_str(&line), indent, width);
			text_free(&line);
		}
	}
	fprintf(f, "  %u reproduced, %u contradicted, %u inconclusive, %u not "
		"measured\n", count[VERDICT_REPRODUCED],
		count[VERDICT_CONTRADICTED], count[VERDICT_INCONCLUSIVE],
		count[VERDICT_NOT_MEASURED]);
}
