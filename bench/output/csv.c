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
	GB_COLUMNS(SCHEMA_NAME)
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

/* Whether v needs RFC 4180 quoting. */
static int needs_quotes(const char *v)
{
	return strpbrk(v, ",\"\r\n") != NULL;
}

/* Append one field with RFC 4180 quoting; returns the new length. */
static size_t put_field(char *buf, size_t used, size_t cap, const char *v)
{
	int quote = needs_quotes(v);

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

void csv_fput_field(FILE *f, const char *v)
{
	if (!needs_quotes(v)) {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (; *v; v++) {
		if (*v == '"')
			fputc('"', f);
		fputc(*v, f);
	}
	fputc('"', f);
}

/* The 1-based number of the last line of the file of fd (size bytes),
 * which does not end in a newline: one more than its newlines. */
static long last_line_number(int fd, off_t size)
{
	char buf[65536];
	long lines = 1;
	off_t at = 0;

	while (at < size) {
		ssize_t n = pread(fd, buf, sizeof(buf), at);

		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
		at += n;
	}
	return lines;
}

/* Check or write the header; the caller holds the file's lock, so two
 * runs starting at once on a new file cannot both write one, nor can one
 * read the other's half-written header. */
static int check_header(int fd, const char *path, char *err, size_t errlen)
{
	char header[2048], first[2048];
	struct stat sb;
	size_t len;
	int rc;

	csv_header(header, sizeof(header));
	if (fstat(fd, &sb) < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot read CSV file '%s': %s", path,
			 strerror(-rc));
		return rc;
	}
	if (sb.st_size == 0) {
		len = strlen(header);
		header[len++] = '\n';
		rc = gb_write_all(fd, header, len);
		if (rc) {
			snprintf(err, errlen, "cannot write CSV file '%s': %s",
				 path, strerror(-rc));
			/* Empty before, and no one else writes while we hold
			 * the lock: nothing but our part is cut. */
			if (ftruncate(fd, 0) < 0) { /* nothing more to do */ }
		}
		return rc;
	}
	{
		ssize_t n = pread(fd, first, sizeof(first) - 1, 0);
		char *nl;

		first[n > 0 ? n : 0] = '\0';
		nl = strchr(first, '\n');
		if (nl)
			*nl = '\0';
		if (!nl || strcmp(first, header) != 0) {
			snprintf(err, errlen, "CSV file '%s' has a different "
				 "header (another tool or version wrote it); "
				 "pass a new --csv file", path);
			return -EINVAL;
		}
	}
	/* A cut last line (a writer killed mid-row, a copy cut short): a
	 * row appended now would be glued onto it. */
	{
		char last;

		if (pread(fd, &last, 1, sb.st_size - 1) != 1 || last != '\n') {
			snprintf(err, errlen, "CSV file '%s' ends in a cut line "
				 "(line %ld has no newline: an interrupted "
				 "write?); remove that line or pass a new --csv "
				 "file", path, last_line_number(fd, sb.st_size));
			return -EINVAL;
		}
	}
	return 0;
}

int csv_open(struct csv_out **out, const char *path, char *err,
	     size_t errlen)
{
	struct csv_out *o;
	struct stat sb;
	int fd, rc;

	/* O_APPEND: every row goes to the end as it is then, whoever else
	 * appends to the file. */
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
	rc = gb_lock(fd);
	if (rc) {
		snprintf(err, errlen, "cannot lock CSV file '%s': %s", path,
			 strerror(-rc));
		close(fd);
		return rc;
	}
	rc = check_header(fd, path, err, errlen);
	gb_unlock(fd);
	if (rc) {
		close(fd);
		return rc;
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
	int rc;

	for (int c = 0; c < COL__COUNT; c++) {
		if (c)
			buf[used++] = ',';
		used = put_field(buf, used, cap, r->v[c]);
	}
	buf[used++] = '\n';
	/* One locked append: readers (and a run interrupted by a signal)
	 * see the whole row or none of it, and concurrent runs never mix
	 * their rows or cut each other's. */
	rc = gb_append_locked(o->fd, buf, used);
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
	long col;		/* bytes of the current line read so far */
	uint64_t total;		/* bytes read so far */
	size_t max_record;	/* limits (csv_reader_limit) */
	uint64_t max_total;
	char *buf;		/* field text, NUL separated */
	size_t cap;
	char **fields;
	size_t fcap;
	const char *why;	/* the last error, for csv_reader_error */
	long err_line, err_col;
};

int csv_reader_open(struct csv_reader **out, FILE *f)
{
	struct csv_reader *rd = calloc(1, sizeof(*rd));

	if (!rd)
		return -ENOMEM;
	rd->f = f;
	rd->max_record = CSV_MAX_RECORD;
	rd->max_total = UINT64_MAX;
	*out = rd;
	return 0;
}

void csv_reader_limit(struct csv_reader *rd, size_t max_record,
		      uint64_t max_total)
{
	rd->max_record = max_record;
	rd->max_total = max_total;
}

const char *csv_reader_error(const struct csv_reader *rd, long *line,
			     long *col)
{
	*line = rd->err_line;
	*col = rd->err_col;
	return rd->why ? rd->why : "no error";
}

void csv_reader_close(struct csv_reader *rd)
{
	if (!rd)
		return;
	free(rd->buf);
	free(rd->fields);
	free(rd);
}

/* Record why the record is refused, at the byte just read. */
static int fail(struct csv_reader *rd, int rc, const char *why)
{
	rd->why = why;
	rd->err_line = rd->line + 1;
	rd->err_col = rd->col;
	return rc;
}

static int push_char(struct csv_reader *rd, size_t *len, char ch)
{
	if (*len + 1 >= rd->cap) {
		size_t cap = rd->cap ? rd->cap * 2 : 256;
		char *p = realloc(rd->buf, cap);

		if (!p)
			return -ENOMEM;
		rd->buf = p;
		rd->cap = cap;
	}
	rd->buf[(*len)++] = ch;
	return 0;
}

/* The next byte, counting lines, columns and the total. */
static int next_byte(struct csv_reader *rd)
{
	int ch = getc(rd->f);

	if (ch != EOF) {
		rd->total++;
		rd->col++;
	}
	return ch;
}

static void new_line(struct csv_reader *rd)
{
	rd->line++;
	rd->col = 0;
}

int csv_read(struct csv_reader *rd, char ***fields, long *line)
{
	size_t len = 0, nf = 0, bytes = 0;
	size_t starts[COL__COUNT * 4];
	int ch, quoted = 0, after_quote = 0, any = 0;

	*line = rd->line + 1;
	starts[nf++] = 0;
	for (;;) {
		ch = next_byte(rd);
		if (ch == EOF) {
			if (ferror(rd->f))
				return fail(rd, -EIO, "a read error");
			if (quoted) {
				/* Where the record, and its quote, began. */
				fail(rd, -EINVAL, "malformed quoting: an "
				     "unterminated quote");
				rd->err_line = *line;
				return -EINVAL;
			}
			if (!any)
				return 0;
			break;
		}
		any = 1;
		/* Bounded input: a file without newlines (or /dev/zero)
		 * must end in an error, not in all the memory there is. */
		if (++bytes > rd->max_record)
			return fail(rd, -E2BIG, "a line longer than the limit");
		if (rd->total > rd->max_total)
			return fail(rd, -EFBIG, "more bytes than the limit");
		/* A NUL would end the field's C string silently. */
		if (ch == '\0')
			return fail(rd, -EINVAL, "a NUL byte");
		if (quoted) {
			if (ch == '"') {
				int next = getc(rd->f);

				if (next == '"') {
					rd->total++;
					rd->col++;
					bytes++;
					if (push_char(rd, &len, '"'))
						return fail(rd, -ENOMEM, "out of memory");
					continue;
				}
				if (next != EOF)
					ungetc(next, rd->f);
				quoted = 0;
				after_quote = 1;
				continue;
			}
			if (ch == '\n')
				new_line(rd);
			if (push_char(rd, &len, (char)ch))
				return fail(rd, -ENOMEM, "out of memory");
			continue;
		}
		if (ch == '\r')
			continue;
		if (ch == '\n') {
			new_line(rd);
			break;
		}
		if (ch == ',') {
			if (push_char(rd, &len, '\0'))
				return fail(rd, -ENOMEM, "out of memory");
			if (nf >= GB_ARRAY_LEN(starts))
				return fail(rd, -EINVAL, "too many fields");
			starts[nf++] = len;
			after_quote = 0;
			continue;
		}
		if (after_quote)	/* "abc"x */
			return fail(rd, -EINVAL, "malformed quoting: text "
				    "after a closing quote");
		if (ch == '"' && len == starts[nf - 1]) {
			quoted = 1;
			continue;
		}
		if (ch == '"')
			return fail(rd, -EINVAL, "malformed quoting: a quote "
				    "inside an unquoted field");
		if (push_char(rd, &len, (char)ch))
			return fail(rd, -ENOMEM, "out of memory");
	}
	if (push_char(rd, &len, '\0'))
		return fail(rd, -ENOMEM, "out of memory");
	if (rd->fcap < nf + 1) {
		char **p = realloc(rd->fields, (nf + 1) * sizeof(char *));

		if (!p)
			return fail(rd, -ENOMEM, "out of memory");
		rd->fields = p;
		rd->fcap = nf + 1;
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
