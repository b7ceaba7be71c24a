/*
 * compiled.h - a data folder's tables compiled to one binary file at build
 * time (voices/zh.bin for the .tsv files of voices/zh), read in place.
 *
 * The .tsv files stay the source of truth: users edit them, the tests are
 * written against them, and a compiled file is used only while it is
 * exactly what they say.  The build compiles them (src/tools/boyin-tables.c)
 * into <build>/voices/zh.bin, which `cmake --install` puts beside the
 * folder (PREFIX/share/boyin/voices/zh.bin).  A loader (wordtables.c,
 * rules.c) asks boyin_compiled_open for the folder's file and, when there
 * is a usable one, takes its tables from the mapping; otherwise it parses
 * the .tsv files as before, with the same result.  The sorted pinyin lists
 * (dict.h) take an index from it, when there is one.
 *
 * File format (version BOYIN_COMPILED_VERSION): fixed-size records of 32-
 * and 64-bit numbers in the byte order of the machine that compiled it,
 * every offset from the start of the part that holds it, every part 8-byte
 * aligned, so records and arrays are read in place:
 *
 *   header   boyin_compiled_header: magic "BOYINTAB", version, byte order
 *            (0x01020304 as written), file length, checksum (64-bit FNV-1a
 *            over the 64-bit words after it), the sources and the sections
 *   sources  per .tsv read: its name, size and modification time
 *   sections per section: name, offset, length; a section is one table
 *            (table.c), the pronunciation rules (rules.c) or the index of
 *            a sorted pinyin list (dict.c), written and read by that module
 *   names and section bodies follow
 *
 * A file is usable when it maps, has this magic, version and byte order
 * (a big-endian machine falls back to the .tsv files), its length and
 * checksum agree, and every .tsv it records is there with the same size
 * and modification time (to the second: `cmake --install` keeps whole
 * seconds).  That is checked when a session first opens it: about 20 stat
 * calls and a checksum over its 100 KB, a few tens of microseconds.
 *
 * Why fall back rather than fail or rebuild: a .tsv newer than the compiled
 * file is the normal state while someone edits the data (until the next
 * `cmake --build`), the installed data folder is usually read-only, and
 * parsing is correct, only slower (a few milliseconds).  The environment
 * variable BOYIN_COMPILED_DATA chooses otherwise: `off` always parses the
 * .tsv files, `require` makes a missing, stale or damaged compiled file
 * BOYIN_EDATA with the reason (the tests use both).
 *
 * A boyin_compiled holds a reference to its mapping, shared by the loaders
 * that opened the same folder's file while it was open;
 * boyin_compiled_close releases it (safe on a zeroed one, and twice).
 */
#ifndef BOYIN_COMPILED_H
#define BOYIN_COMPILED_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define BOYIN_COMPILED_VERSION 1

typedef struct {
    char magic[8];        /* "BOYINTAB" */
    uint32_t version;     /* BOYIN_COMPILED_VERSION */
    uint32_t byte_order;  /* 0x01020304 */
    uint32_t length;      /* of the whole file */
    uint32_t zero;
    uint64_t checksum;    /* of the words after it */
    uint32_t nsources, sources, nsections, sections;
} boyin_compiled_header;

typedef struct {
    uint32_t name, zero; /* offset of the file name (in its folder) */
    uint64_t size;
    int64_t mtime;       /* seconds */
} boyin_compiled_source;

typedef struct {
    uint32_t name, offset, length, zero;
} boyin_compiled_section_entry;

typedef struct {
    const unsigned char *p; /* the mapped file; NULL when none is in use */
    size_t n;
    char path[PATH_MAX + 16]; /* for messages */
} boyin_compiled;

/*
 * Map the compiled form of <data_dir>/voices/<folder>/: <data_dir>/voices/
 * <folder>.bin, or for the source tree's data folder the build tree's.
 * The loaders of a session share one mapping (reference-counted): the
 * first open maps and checks the file, the others take it as it is.
 * BOYIN_OK with c->p set when one is usable; BOYIN_OK with c->p NULL when
 * none is (the caller parses the .tsv files; the reason is in err); with
 * BOYIN_COMPILED_DATA=off, always that.  With BOYIN_COMPILED_DATA=require,
 * none usable is BOYIN_EDATA with the reason in err.
 */
int boyin_compiled_open(boyin_compiled *c, const char *data_dir, const char *folder, char *err, size_t errlen);
void boyin_compiled_close(boyin_compiled *c);

/* Section `name`: its bytes (8-byte aligned, in the mapping) and length
 * in *len; NULL when the file has no such section. */
const unsigned char *boyin_compiled_section(const boyin_compiled *c, const char *name, size_t *len);

/* Whether s[0..len) has a NUL-terminated string at `at`. */
int boyin_compiled_string_ok(const unsigned char *s, size_t len, size_t at);

/* ---- writing (the build-time tool) ---------------------------------------- */

/* A section being built: bytes that grow.  An allocation failure sets
 * `failed` and later calls do nothing, so the writer checks once. */
typedef struct {
    unsigned char *b;
    size_t len, cap;
    int failed;
} boyin_blob;

/* Append n bytes (p NULL: zeros), after padding to a multiple of `align`;
 * returns their offset. */
size_t boyin_blob_add(boyin_blob *b, const void *p, size_t n, size_t align);
/* A NUL-terminated copy of s; returns its offset. */
size_t boyin_blob_string(boyin_blob *b, const char *s);
void boyin_blob_free(boyin_blob *b);

typedef struct boyin_compiler boyin_compiler;

/* A compiled file for <data_dir>/voices/<folder>/.  *out is owned by the
 * caller (boyin_compiler_write frees it). */
int boyin_compiler_create(const char *data_dir, const char *folder, boyin_compiler **out);

/* Record that the sections come from <folder>/<file> (its size and time
 * now); BOYIN_EDATA when it cannot be read. */
int boyin_compiler_source(boyin_compiler *k, const char *file);

/* Add section `name`: the n bytes at p, copied. */
int boyin_compiler_section(boyin_compiler *k, const char *name, const void *p, size_t n);

/* Write the file to `path` (through a temporary file renamed into place,
 * so a reader never sees half of it) and free k.  BOYIN_EOUTPUT with the
 * reason in err, BOYIN_ENOMEM. */
int boyin_compiler_write(boyin_compiler *k, const char *path, char *err, size_t errlen);
void boyin_compiler_destroy(boyin_compiler *k);

#endif
