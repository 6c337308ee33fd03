/* csv.c - see csv.h. */
#include "bench/output/csv.h"
#include "bench/core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const gb_col_names[COL__COUNT] = {
#define GB_COL_NAME(id, name) [COL_##id] = name,
	GB_COLUMNS(GB_COL_NAME)
#undef GB_COL_NAME
};

struct csv_out {
	int fd;
};

void csv_set(struct csv_row *r, enum gb_col c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->v[c], sizeof(r->v[c]), fmt, ap);
	va_end(ap);
}

void csv_header(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int c = 0; c < COL__COUNT && used < len; c++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 c ? "," : "", gb_col_names[c]);
}

/* Append one field with RFC 4180 quoting; returns the new length. */
static size_t put_field(char *buf, size_t used, size_t cap, const char *v)
{
	int quote = strpbrk(v, ",\"\r\n") != NULL;

	if (quote && used < cap)
		buf[used++] = '"';
	for (; *v && used + 2 < cap; v++) {
		if (*v == '"')
			buf[used++] = '"';
		buf[used++] = *v;
	}
	if (quote && used < cap)
		buf[used++] = '"';
	return used;
}

int csv_open(struct csv_out **out, const char *path, char *err,
	     size_t errlen)
{
	char header[2048], first[2048];
	struct csv_out *o;
	struct stat sb;
	int fd;

	csv_header(header, sizeof(header));
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;
		snprintf(err, errlen, "cannot open CSV file '%s': %s; "
			 "check the folder exists and is writable, or pass "
			 "another --csv", path, strerror(e));
		return -e;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "CSV path '%s' is not a regular file",
			 path);
		close(fd);
		return -EINVAL;
	}
	if (sb.st_size > 0) {
		ssize_t n = pread(fd, first, sizeof(first) - 1, 0);
		char *nl;

		first[n > 0 ? n : 0] = '\0';
		nl = strchr(first, '\n');
		if (nl)
			*nl = '\0';
		if (strcmp(first, header) != 0) {
			snprintf(err, errlen, "CSV file '%s' has a different "
				 "header (another tool or version wrote it); "
				 "pass a new --csv file", path);
			close(fd);
			return -EINVAL;
		}
	} else {
		size_t len = strlen(header);

		header[len++] = '\n';
		int rc = gb_write_all(fd, header, len);
		if (rc) {
			snprintf(err, errlen, "cannot write CSV file '%s': %s",
				 path, strerror(-rc));
			if (ftruncate(fd, 0) < 0) { /* nothing more to do */ }
			close(fd);
			return rc;
		}
	}
	o = gb_xmalloc(sizeof(*o));
	o->fd = fd;
	*out = o;
	return 0;
}

int csv_write_row(struct csv_out *o, const struct csv_row *r)
{
	size_t cap = COL__COUNT * sizeof(r->v[0]) * 2 + 2, used = 0;
	char *buf = gb_xmalloc(cap);
	struct stat sb;
	int rc;

	for (int c = 0; c < COL__COUNT; c++) {
		if (c)
			buf[used++] = ',';
		used = put_field(buf, used, cap, r->v[c]);
	}
	buf[used++] = '\n';
	if (fstat(o->fd, &sb) < 0) {
		free(buf);
		return -errno;
	}
	/* One write: readers (and a run interrupted by a signal) see the
	 * whole row or none of it. */
	rc = gb_write_all(o->fd, buf, used);
	if (rc && ftruncate(o->fd, sb.st_size) < 0) {
		/* The file is as short as the system allows; keep rc. */
	}
	free(buf);
	return rc;
}

void csv_close(struct csv_out *o)
{
	if (!o)
		return;
	close(o->fd);
	free(o);
}

struct csv_reader {
	FILE *f;
	long line;		/* lines consumed so far */
	char *buf;		/* field text, NUL separated */
	size_t cap;
	char **fields;
	size_t fcap;
};

int csv_reader_open(struct csv_reader **out, FILE *f)
{
	struct csv_reader *rd = calloc(1, sizeof(*rd));

	if (!rd)
		return -ENOMEM;
	rd->f = f;
	*out = rd;
	return 0;
}

void csv_reader_close(struct csv_reader *rd)
{
	if (!rd)
		return;
	free(rd->buf);
	free(rd->fields);
	free(rd);
}

static void push_char(struct csv_reader *rd, size_t *len, char ch)
{
	if (*len + 1 >= rd->cap) {
		rd->cap = rd->cap ? rd->cap * 2 : 256;
		rd->buf = realloc(rd->buf, rd->cap);
		if (!rd->buf)
			gb_die(GB_EXIT_FAIL, "out of memory");
	}
	rd->buf[(*len)++] = ch;
}

int csv_read(struct csv_reader *rd, char ***fields, long *line)
{
	size_t len = 0, nf = 0;
	size_t starts[COL__COUNT * 4];
	int ch, quoted = 0, after_quote = 0, any = 0;

	*line = rd->line + 1;
	starts[nf++] = 0;
	for (;;) {
		ch = getc(rd->f);
		if (ch == EOF) {
			if (quoted)
				return -EINVAL;
			if (!any)
				return 0;
			break;
		}
		any = 1;
		if (quoted) {
			if (ch == '"') {
				int next = getc(rd->f);

				if (next == '"') {
					push_char(rd, &len, '"');
					continue;
				}
				if (next != EOF)
					ungetc(next, rd->f);
				quoted = 0;
				after_quote = 1;
				continue;
			}
			if (ch == '\n')
				rd->line++;
			push_char(rd, &len, (char)ch);
			continue;
		}
		if (ch == '\r')
			continue;
		if (ch == '\n') {
			rd->line++;
			break;
		}
		if (ch == ',') {
			push_char(rd, &len, '\0');
			if (nf >= GB_ARRAY_LEN(starts))
				return -EINVAL;
			starts[nf++] = len;
			after_quote = 0;
			continue;
		}
		if (after_quote)
			return -EINVAL;	/* "abc"x */
		if (ch == '"' && len == starts[nf - 1]) {
			quoted = 1;
			continue;
		}
		if (ch == '"')
			return -EINVAL;	/* a quote inside an unquoted field */
		push_char(rd, &len, (char)ch);
	}
	push_char(rd, &len, '\0');
	if (rd->fcap < nf + 1) {
		rd->fcap = nf + 1;
		rd->fields = realloc(rd->fields, rd->fcap * sizeof(char *));
		if (!rd->fields)
			gb_die(GB_EXIT_FAIL, "out of memory");
	}
	for (size_t i = 0; i < nf; i++)
		rd->fields[i] = rd->buf + starts[i];
	rd->fields[nf] = NULL;
	*fields = rd->fields;
	return (int)nf;
}

int csv_col_index(char **fields, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(fields[i], name) == 0)
			return i;
	return -1;
}
