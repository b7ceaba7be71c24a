/*
 * outdir.h - an output folder whose files appear only when complete.
 *
 * Files are written into a hidden staging folder inside the output folder.
 * boyin_outdir_commit removes the old manifest.json, renames the staged
 * files to their final names, removes numbered segment files left by an
 * earlier, longer boyin run (one that wrote a manifest), and publishes the
 * new manifest.json last: a manifest always describes the files beside it;
 * boyin_outdir_destroy without a commit deletes everything staged, so a
 * failed or interrupted run leaves no half-written file under a final name.
 */
#ifndef BOYIN_OUTDIR_H
#define BOYIN_OUTDIR_H

#include <stddef.h>

typedef struct boyin_outdir boyin_outdir;

/* Create `dir` (and parents) if needed and a staging folder in it.  On
 * failure returns BOYIN_EOUTPUT with a message in err. */
int boyin_outdir_create(const char *dir, boyin_outdir **out, char *err, size_t errlen);

/* Path of the staging folder, where sinks write (owned by the outdir). */
const char *boyin_outdir_staging(const boyin_outdir *od);
/* Path of the final folder (owned by the outdir). */
const char *boyin_outdir_path(const boyin_outdir *od);

/* Publish every staged file; `segments` is the number of segment files,
 * `ext` their audio extension ("wav"): segment and bulletin files of an
 * earlier run in another format are removed too. */
int boyin_outdir_commit(boyin_outdir *od, unsigned segments, const char *ext, char *err, size_t errlen);

/* Publish the one staged file `name` (for -w FILE): nothing else in the
 * folder is touched. */
int boyin_outdir_commit_file(boyin_outdir *od, const char *name, char *err, size_t errlen);

/* Remove what is still staged and free; NULL is allowed. */
void boyin_outdir_destroy(boyin_outdir *od);

#endif
