/*
 * The bare baseline of the mcaudit benchmark: a libyaml event-parse loop.
 *
 *   cc -O2 parse_loop.c -lyaml -o parse_loop
 *   ./parse_loop FILE ...          parse the files named on the command line
 *   ./parse_loop -l LIST           parse the files named in LIST, one path a line
 *
 * For each file: read the whole file into memory, then yaml_parser_initialize,
 * yaml_parser_set_input_string, yaml_parser_parse until YAML_STREAM_END_EVENT
 * (yaml_event_delete after each event), yaml_parser_delete. It counts the events and
 * prints "files=F events=E bytes=B errors=X" on stdout. A file that cannot be read or
 * parsed is reported on stderr and counted; the exit code is 1 if any was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static unsigned char *buffer = NULL;
static size_t capacity = 0;

/* Reads PATH into the shared buffer; returns its length, or -1 on error. */
static long read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "%s: %s\n", path, strerror(errno));
    return -1;
  }
  struct stat st;
  size_t want = (fstat(fileno(f), &st) == 0 && st.st_size > 0) ? (size_t)st.st_size : 4096;
  size_t length = 0;
  for (;;) {
    if (length + 1 > capacity || want + 1 > capacity) {
      size_t next = capacity ? capacity : 65536;
      while (next < want + 1 || next < length + 1) next *= 2;
      unsigned char *grown = realloc(buffer, next);
      if (!grown) {
        fprintf(stderr, "%s: out of memory\n", path);
        fclose(f);
        return -1;
      }
      buffer = grown;
      capacity = next;
    }
    size_t n = fread(buffer + length, 1, capacity - length, f);
    length += n;
    if (n == 0) break;
    if (length == capacity) want = capacity * 2; /* file grew or size unknown */
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    fprintf(stderr, "%s: read error\n", path);
    return -1;
  }
  return (long)length;
}

/* Event-parses one file; adds to *events; returns 0 on success. */
static int parse_file(const char *path, unsigned long long *events,
                      unsigned long long *bytes) {
  long length = read_file(path);
  if (length < 0) return -1;
  *bytes += (unsigned long long)length;

  yaml_parser_t parser;
  yaml_event_t event;
  if (!yaml_parser_initialize(&parser)) {
    fprintf(stderr, "%s: cannot initialise the parser\n", path);
    return -1;
  }
  yaml_parser_set_input_string(&parser, buffer, (size_t)length);
  int status = 0;
  for (;;) {
    if (!yaml_parser_parse(&parser, &event)) {
      fprintf(stderr, "%s:%lu:%lu: %s\n", path,
              (unsigned long)parser.problem_mark.line + 1,
              (unsigned long)parser.problem_mark.column + 1,
              parser.problem ? parser.problem : "parse error");
      status = -1;
      break;
    }
    yaml_event_type_t type = event.type;
    (*events)++;
    yaml_event_delete(&event);
    if (type == YAML_STREAM_END_EVENT) break;
  }
  yaml_parser_delete(&parser);
  return status;
}

int main(int argc, char **argv) {
  unsigned long long files = 0, events = 0, bytes = 0, errors = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: %s FILE ... | %s -l LIST\n", argv[0], argv[0]);
    return 64;
  }
  if (strcmp(argv[1], "-l") == 0) {
    if (argc != 3) {
      fprintf(stderr, "usage: %s -l LIST\n", argv[0]);
      return 64;
    }
    FILE *list = strcmp(argv[2], "-") == 0 ? stdin : fopen(argv[2], "r");
    if (!list) {
      fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
      return 2;
    }
    char *line = NULL;
    size_t size = 0;
    ssize_t n;
    while ((n = getline(&line, &size, list)) != -1) {
      while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
      if (n == 0) continue;
      files++;
      if (parse_file(line, &events, &bytes) != 0) errors++;
    }
    free(line);
    if (list != stdin) fclose(list);
  } else {
    for (int i = 1; i < argc; i++) {
      files++;
      if (parse_file(argv[i], &events, &bytes) != 0) errors++;
    }
  }
  free(buffer);
  printf("files=%llu events=%llu bytes=%llu errors=%llu\n", files, events, bytes, errors);
  return errors ? 1 : 0;
}
