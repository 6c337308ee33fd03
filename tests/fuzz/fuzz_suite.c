/*
 * fuzz_suite.c - libFuzzer target for the suite parser (core/suite.c):
 * whatever a suite file holds, planning it gives a plan or one error
 * naming a line, never a crash, a leak or a hang.
 */
#include <stdint.h>
#include <string.h>

#include "bench/core/suite.h"

static const char *kind(const char *name, void *ctx)
{
	(void)ctx;
	return strcmp(name, "io") == 0 ? "io" : name[0] == 'x' ? NULL : "cpu";
}

static int mode(const char *name, char *why, size_t len, void *ctx)
{
	(void)ctx;
	if (name[0] == 'n') {
		strncpy(why, "not built", len - 1);
		why[len - 1] = '\0';
		return 0;
	}
	return name[0] == 'x' ? -1 : 1;
}

static int command(const char *c, void *ctx)
{
	(void)ctx;
	return c[0] != 'x';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct suite_env env = { 2, kind, mode, command, NULL };
	struct suite_plan plan;
	char err[256];

	suite_plan((const char *)data, size, &env, &plan, err, sizeof(err));
	suite_plan_free(&plan);
	return 0;
}
