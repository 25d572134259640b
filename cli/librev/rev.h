/* librev: rev's migrations inside a program, through one C ABI.
 *
 * The calls run exactly what the `rev` command line runs (the same settings, the same
 * operations, the same JSON documents `--json` prints), inside the calling process:
 *
 *   rev_open_options options = {"rev.yaml", NULL, NULL};
 *   rev_project* project = NULL;
 *   int code = rev_open(&options, &project);
 *   if (code == REV_OK) code = rev_upgrade(project, "head");
 *   if (code != REV_OK) fprintf(stderr, "%s\n", rev_error(project));
 *   rev_close(project);
 *
 * Every call returns one of the command line's exit codes (REV_OK ...). A call that ran a
 * command leaves its JSON document in rev_result() and, when it failed, the error (with
 * its hint) in rev_error(); both stay valid until the next call on the same handle.
 *
 * Threads: a handle belongs to one thread at a time (calls on one handle from two threads
 * wait for each other); open one handle per thread. Nothing is global: no init, no
 * settings outside a handle. Callbacks run on the calling thread, during the call.
 *
 * Bad input never crashes: a NULL pointer, or a handle already closed, is REV_INVALID
 * (rev_error(NULL) says why). Strings are UTF-8, NUL-terminated. */
#ifndef REV_H
#define REV_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define REV_API __attribute__((visibility("default")))
#else
#define REV_API
#endif

/* C names, as C libraries have them: outside the C++ style the rest of rev follows.
 * NOLINTBEGIN(readability-identifier-naming) */

/* The codes: the exit codes of `rev` (its SPEC, §3). */
enum {
  REV_OK = 0,           /* done; "already at head" too */
  REV_FAILED = 1,       /* a step failed, the database could not be reached, validation errors */
  REV_INVALID = 2,      /* bad input: rev.yaml, a revision file, a target, a handle, a NULL */
  REV_LOCKED = 3,       /* another process held the migration lock past the wait */
  REV_REFUSED = 4,      /* the database needs a person first (dirty, drift, unknown heads) */
  REV_INTERRUPTED = 130 /* stopped part-way; the database is at the last good revision */
};

typedef struct rev_project rev_project;

typedef struct rev_open_options {
  /* rev.yaml, or the folder holding it. NULL: the nearest rev.yaml in the working folder
   * or above it, found once, when the handle opens. */
  const char* config;
  /* A database URL over rev.yaml's (NULL: REV_DATABASE_URL, else rev.yaml's). */
  const char* database;
  /* An environment of rev.yaml (NULL: none). */
  const char* environment;
} rev_open_options;

/* Opens the project: finds and reads rev.yaml. Sets *project to a new handle, also when
 * opening failed (then rev_error() says why); NULL only when project is NULL or memory ran
 * out. Close it with rev_close() either way. */
REV_API int rev_open(const rev_open_options* options, rev_project** project);
/* Frees the handle. NULL, or a handle already closed, is ignored. */
REV_API void rev_close(rev_project* project);

typedef enum rev_log_level {
  REV_LOG_ERROR = 0,
  REV_LOG_WARNING = 1,
  REV_LOG_INFO = 2
} rev_log_level;
/* A line the command line would have printed on stderr (errors, their hints, warnings). */
typedef void (*rev_log_callback)(void* user_data, rev_log_level level, const char* line);

typedef struct rev_step_progress {
  const char* revision;  /* the revision's id */
  const char* direction; /* "upgrade" or "downgrade" */
  const char* status;    /* "running" when it starts; "applied", "failed" or "rolled_back" */
  int64_t duration_ms;   /* once it ended */
  const char* text;      /* "upgrade a1 -> b2, add users" */
} rev_step_progress;
/* Called when a step of a migration starts and when it ends. */
typedef void (*rev_progress_callback)(void* user_data, const rev_step_progress* step);

/* NULL clears. A callback must not call back into the same handle (REV_INVALID if it
 * does). A C++ or Python callback that throws is not called again during that call; the
 * call's outcome does not change, and rev_error() names what was thrown. */
REV_API int rev_set_log_callback(rev_project* project, rev_log_callback callback, void* user_data);
REV_API int rev_set_progress_callback(rev_project* project, rev_progress_callback callback,
                                      void* user_data);

typedef enum rev_lock_policy {
  /* Wait for another process's migration lock, then do what is left (usually nothing). */
  REV_LOCK_WAIT = 0,
  /* Do not queue for the lock: while another process holds it, watch the database, and
   * return REV_OK once it has nothing pending, or REV_LOCKED when `seconds` pass first.
   * If the holder stops without finishing, take the lock and finish. */
  REV_LOCK_SKIP = 1,
  /* Not a policy: makes every int a value of the type, so that librev can refuse a wrong
   * one (rev_set_lock_policy says REV_INVALID) instead of meeting undefined behaviour. */
  REV_LOCK_POLICY_MAX_ENUM = 0x7FFFFFFF
} rev_lock_policy;
/* How rev_upgrade and rev_downgrade treat another process's lock; `seconds` < 0 means the
 * command line's default (--lock-timeout). Default: REV_LOCK_WAIT, the default time. */
REV_API int rev_set_lock_policy(rev_project* project, rev_lock_policy policy, double seconds);

/* `rev upgrade TARGET` (NULL: "head"); `rev downgrade TARGET` (required). */
REV_API int rev_upgrade(rev_project* project, const char* target);
REV_API int rev_downgrade(rev_project* project, const char* target);
/* `rev current`, `rev status`, `rev validate`: read only. */
REV_API int rev_current(rev_project* project);
REV_API int rev_status(rev_project* project);
REV_API int rev_validate(rev_project* project);
/* Whether the database has revisions to apply to reach head: *pending = 1 or 0. A replica
 * that must not migrate polls this until 0. */
REV_API int rev_pending(rev_project* project, int* pending);

/* The JSON document of the handle's last call ("" when it made none). */
REV_API const char* rev_result(const rev_project* project);
/* What went wrong in the handle's last call ("" when nothing did). */
REV_API const char* rev_error(const rev_project* project);
/* "0.1.0". */
REV_API const char* rev_version(void);

/* NOLINTEND(readability-identifier-naming) */

#ifdef __cplusplus
}
#endif

#endif /* REV_H */
