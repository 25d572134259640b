/* librev from C: a caller written in C, compiled as C, linked against librev.so.
 *
 *   c_api_test WORKDIR
 *
 * Builds a two-revision SQLite project in WORKDIR and drives it through rev.h: upgrade,
 * already at head, pending, current, status, validate, downgrade, callbacks, and the bad
 * input a C caller can hand over (NULLs, a closed handle, a bad target, a missing rev.yaml).
 * Prints "ok" and exits 0 when every check held; otherwise names the first that did not. */
#include <rev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(condition)                                                              \
  do {                                                                                \
    if (!(condition)) {                                                               \
      fprintf(stderr, "c_api_test.c:%d: check failed: %s\n", __LINE__, #condition); \
      failures++;                                                                     \
    }                                                                                 \
  } while (0)

static void write_file(const char* path, const char* text) {
  FILE* file = fopen(path, "w");
  if (file == NULL) {
    perror(path);
    exit(1);
  }
  fputs(text, file);
  fclose(file);
}

static int log_lines = 0;
static void on_log(void* user_data, rev_log_level level, const char* line) {
  (void)level;
  (void)line;
  (*(int*)user_data)++;
  log_lines++;
}

static int steps_started = 0;
static int steps_applied = 0;
static void on_progress(void* user_data, const rev_step_progress* step) {
  (void)user_data;
  if (strcmp(step->status, "running") == 0) steps_started++;
  if (strcmp(step->status, "applied") == 0 && strlen(step->revision) > 0) steps_applied++;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: c_api_test WORKDIR\n");
    return 2;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/rev.yaml", argv[1]);
  write_file(path, "revisions: revisions\ndatabase: sqlite:///app.db\n");
  snprintf(path, sizeof path, "%s/revisions", argv[1]);
  char command[4200];
  snprintf(command, sizeof command, "mkdir -p '%s'", path);
  if (system(command) != 0) return 1;
  snprintf(path, sizeof path, "%s/revisions/a1_users.sql", argv[1]);
  write_file(path,
             "-- revision: a1\n-- down_revision: null\n-- message: users\n"
             "-- rev:upgrade\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n"
             "-- rev:downgrade\nDROP TABLE users;\n");
  snprintf(path, sizeof path, "%s/revisions/b2_posts.sql", argv[1]);
  write_file(path,
             "-- revision: b2\n-- down_revision: a1\n-- message: posts\n"
             "-- rev:upgrade\nCREATE TABLE posts (id INTEGER PRIMARY KEY);\n"
             "-- rev:downgrade\nDROP TABLE posts;\n");

  rev_open_options options = {argv[1], NULL, NULL};
  rev_project* project = NULL;
  CHECK(rev_open(&options, &project) == REV_OK);
  CHECK(project != NULL);
  int errors_seen = 0;
  CHECK(rev_set_log_callback(project, on_log, &errors_seen) == REV_OK);
  CHECK(rev_set_progress_callback(project, on_progress, NULL) == REV_OK);

  int pending = -1;
  CHECK(rev_pending(project, &pending) == REV_OK && pending == 1);
  CHECK(rev_upgrade(project, NULL) == REV_OK);
  CHECK(strstr(rev_result(project), "\"applied\":2") != NULL);
  CHECK(strcmp(rev_error(project), "") == 0);
  CHECK(steps_started == 2 && steps_applied == 2);
  /* Already at head: success, nothing applied. */
  CHECK(rev_upgrade(project, "head") == REV_OK);
  CHECK(strstr(rev_result(project), "\"applied\":0") != NULL);
  CHECK(rev_pending(project, &pending) == REV_OK && pending == 0);
  CHECK(rev_current(project) == REV_OK && strstr(rev_result(project), "\"b2\"") != NULL);
  CHECK(rev_status(project) == REV_OK && strstr(rev_result(project), "\"up_to_date\":true"));
  CHECK(rev_validate(project) == REV_OK);
  CHECK(rev_downgrade(project, "-1") == REV_OK);
  CHECK(rev_current(project) == REV_OK && strstr(rev_result(project), "\"a1\"") != NULL);

  /* A target that names nothing: exit code 2, the message says so, the log saw it. */
  CHECK(rev_upgrade(project, "zz9") == REV_INVALID);
  CHECK(strstr(rev_error(project), "zz9") != NULL);
  CHECK(errors_seen > 0);
  CHECK(rev_downgrade(project, NULL) == REV_INVALID);
  CHECK(rev_pending(project, NULL) == REV_INVALID);
  CHECK(rev_set_lock_policy(project, (rev_lock_policy)7, 1) == REV_INVALID);

  /* NULLs and closed handles: an error, never a crash. */
  CHECK(rev_upgrade(NULL, "head") == REV_INVALID);
  CHECK(strstr(rev_error(NULL), "NULL") != NULL);
  CHECK(rev_open(&options, NULL) == REV_INVALID);
  rev_close(project);
  CHECK(rev_upgrade(project, "head") == REV_INVALID);
  CHECK(rev_status(project) == REV_INVALID);
  CHECK(strstr(rev_error(project), "not an open rev handle") != NULL);
  CHECK(strcmp(rev_result(project), "") == 0);
  rev_close(project); /* twice: ignored */
  rev_close(NULL);

  /* No rev.yaml there: the handle opens in error, says where it looked, refuses work. */
  rev_open_options missing = {"/nonexistent/project", NULL, NULL};
  rev_project* broken = NULL;
  CHECK(rev_open(&missing, &broken) == REV_INVALID);
  CHECK(broken != NULL);
  CHECK(strstr(rev_error(broken), "no rev.yaml at /nonexistent/project") != NULL);
  CHECK(rev_upgrade(broken, "head") == REV_INVALID);
  rev_close(broken);

  CHECK(strlen(rev_version()) > 0);
  if (failures == 0) printf("ok\n");
  return failures == 0 ? 0 : 1;
}
