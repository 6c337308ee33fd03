/* mpiwire.c - see mpiwire.h. */
#include "bench/modes/mpi/wire.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "@gb "

size_t mpiwire_format(char *buf, size_t len, const struct mpiwire_msg *m)
{
	int n = 0;

	switch (m->kind) {
	case MPIWIRE_HOST:
		n = snprintf(buf, len, PREFIX "host %u %s%s%s\n", m->rank,
			     m->host, m->boot[0] ? " " : "", m->boot);
		break;
	case MPIWIRE_READY:
		n = snprintf(buf, len, PREFIX "ready %u\n", m->workers);
		break;
	case MPIWIRE_SENT:
		n = snprintf(buf, len, PREFIX "sent %" PRIu64 " %u\n", m->task,
			     m->rank);
		break;
	case MPIWIRE_DONE:
		n = snprintf(buf, len, PREFIX "done %.9f\n", m->seconds);
		break;
	case MPIWIRE_OUT: {
		const struct task_out *o = &m->out;
		size_t elen = strnlen(o->err, sizeof(o->err) - 1);

		n = snprintf(buf, len, PREFIX "out %" PRIu64 " %u %" PRIu64
			     " %" PRId32 " %" PRIu32 " %a ", m->task, m->rank,
			     o->value, o->status, o->errors, o->metric);
		if (n < 0 || (size_t)n >= len)
			break;
		if (!elen)
			n += snprintf(buf + n, len - (size_t)n, "-");
		for (size_t i = 0; i < elen && (size_t)n + 3 < len; i++)
			n += snprintf(buf + n, len - (size_t)n, "%02x",
				      (unsigned char)o->err[i]);
		n += snprintf(buf + n, len - (size_t)n, "\n");
		break;
	}
	default:
		n = 0;
	}
	if (n < 0)
		n = 0;
	return (size_t)n < len ? (size_t)n : len - 1;
}

/* Strict field readers: one space-separated field each, advancing *p. */
static int field_u64(const char **p, uint64_t *v)
{
	char *end;

	if (**p < '0' || **p > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoull(*p, &end, 10);
	if (errno || (*end != ' ' && *end != '\0'))
		return -EINVAL;
	*p = *end ? end + 1 : end;
	return 0;
}

static int field_unsigned(const char **p, unsigned *v)
{
	uint64_t x;

	if (field_u64(p, &x) || x > UINT32_MAX)
		return -EINVAL;
	*v = (unsigned)x;
	return 0;
}

static int field_i32(const char **p, int32_t *v)
{
	char *end;
	long x;

	errno = 0;
	x = strtol(*p, &end, 10);
	if (end == *p || errno || x < INT32_MIN || x > INT32_MAX ||
	    (*end != ' ' && *end != '\0'))
		return -EINVAL;
	*v = (int32_t)x;
	*p = *end ? end + 1 : end;
	return 0;
}

static int field_double(const char **p, double *v)
{
	char *end;

	*v = strtod(*p, &end);
	if (end == *p || (*end != ' ' && *end != '\0'))
		return -EINVAL;
	*p = *end ? end + 1 : end;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int field_err(const char *p, char *err, size_t len)
{
	size_t n = 0;

	memset(err, 0, len);
	if (strcmp(p, "-") == 0)
		return 0;
	for (; p[0] && p[1]; p += 2) {
		int hi = hexval(p[0]), lo = hexval(p[1]);

		if (hi < 0 || lo < 0 || n + 1 >= len)
			return -EINVAL;
		err[n++] = (char)(hi << 4 | lo);
	}
	return *p || n == 0 ? -EINVAL : 0;
}

enum mpiwire_kind mpiwire_parse(const char *line, struct mpiwire_msg *m)
{
	char buf[MPIWIRE_LINE_MAX];
	const char *p;
	size_t n = strcspn(line, "\r\n");
	int rc = -EINVAL;

	memset(m, 0, sizeof(*m));
	if (strncmp(line, PREFIX, strlen(PREFIX)) != 0)
		return m->kind = MPIWIRE_NONE;
	if (n >= sizeof(buf))
		return m->kind = MPIWIRE_BAD;
	memcpy(buf, line, n);
	buf[n] = '\0';
	p = buf + strlen(PREFIX);
	if (strncmp(p, "host ", 5) == 0) {
		char *boot;	/* into buf, ours to cut */

		p += 5;
		m->kind = MPIWIRE_HOST;
		rc = field_unsigned(&p, &m->rank);
		boot = rc ? NULL : strchr(p, ' ');
		if (boot)
			*boot++ = '\0';
		if (!rc && (!*p || strlen(p) >= sizeof(m->host) ||
			    (boot && (!*boot || strchr(boot, ' ') ||
				      strlen(boot) >= sizeof(m->boot)))))
			rc = -EINVAL;
		if (!rc) {
			snprintf(m->host, sizeof(m->host), "%s", p);
			snprintf(m->boot, sizeof(m->boot), "%s",
				 boot ? boot : "");
		}
	} else if (strncmp(p, "ready ", 6) == 0) {
		p += 6;
		m->kind = MPIWIRE_READY;
		rc = field_unsigned(&p, &m->workers);
		rc = rc || *p ? -EINVAL : 0;
	} else if (strncmp(p, "sent ", 5) == 0) {
		p += 5;
		m->kind = MPIWIRE_SENT;
		rc = field_u64(&p, &m->task);
		rc = rc ? rc : field_unsigned(&p, &m->rank);
		rc = rc || *p ? -EINVAL : 0;
	} else if (strncmp(p, "done ", 5) == 0) {
		p += 5;
		m->kind = MPIWIRE_DONE;
		rc = field_double(&p, &m->seconds);
		rc = rc || *p ? -EINVAL : 0;
	} else if (strncmp(p, "out ", 4) == 0) {
		struct task_out *o = &m->out;

		p += 4;
		m->kind = MPIWIRE_OUT;
		rc = field_u64(&p, &m->task);
		rc = rc ? rc : field_unsigned(&p, &m->rank);
		rc = rc ? rc : field_u64(&p, &o->value);
		rc = rc ? rc : field_i32(&p, &o->status);
		rc = rc ? rc : field_unsigned(&p, &o->errors);
		rc = rc ? rc : field_double(&p, &o->metric);
		rc = rc ? rc : field_err(p, o->err, sizeof(o->err));
	}
	if (rc)
		m->kind = MPIWIRE_BAD;
	return m->kind;
}
