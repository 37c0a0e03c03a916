// WASI test module (C, wasi-libc): writes and reads files through the directories its service maps, and reports
// its environment. Built by build.sh (or the tests) with clang --target=wasm32-wasi, packed with files.signature.json.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))

static uint32_t result_ptr;
static uint32_t result_size;

EXPORT("allocate") void *allocate(uint32_t size, uint32_t tag) { (void)tag; return size == 0 ? 0 : malloc(size); }
EXPORT("release_objects") void release_objects(void) {}
EXPORT("get_result_ptr") uint32_t get_result_ptr(void) { return result_ptr; }
EXPORT("get_result_size") uint32_t get_result_size(void) { return result_size; }
EXPORT("set_result_ptr") void set_result_ptr(uint32_t p) { result_ptr = p; }
EXPORT("set_result_size") void set_result_size(uint32_t s) { result_size = s; }

static char *take(char *ptr, uint32_t len) {
    char *s = malloc(len + 1);
    memcpy(s, ptr, len);
    s[len] = 0;
    free(ptr); // Marine hands argument buffers to the module
    return s;
}

static void return_string(const char *text) {
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    memcpy(copy, text, n + 1);
    result_ptr = (uint32_t)(uintptr_t)copy;
    result_size = (uint32_t)n;
}

// write_file(path, content) -> string: "ok" or the error.
EXPORT("write_file") void write_file(char *path_ptr, uint32_t path_len, char *content_ptr, uint32_t content_len) {
    char *path = take(path_ptr, path_len);
    FILE *f = fopen(path, "w");
    if (!f) {
        return_string("error: cannot open for writing");
    } else {
        fwrite(content_ptr, 1, content_len, f);
        fclose(f);
        return_string("ok");
    }
    free(content_ptr);
    free(path);
}

// read_file(path) -> string: the content, or "error: …".
EXPORT("read_file") void read_file(char *path_ptr, uint32_t path_len) {
    char *path = take(path_ptr, path_len);
    FILE *f = fopen(path, "r");
    free(path);
    if (!f) {
        return_string("error: cannot open for reading");
        return;
    }
    static char buffer[4096];
    size_t n = fread(buffer, 1, sizeof buffer - 1, f);
    buffer[n] = 0;
    fclose(f);
    return_string(buffer);
}

// env(name) -> string: the variable's value or "".
EXPORT("env") void env(char *name_ptr, uint32_t name_len) {
    char *name = take(name_ptr, name_len);
    const char *value = getenv(name);
    free(name);
    return_string(value ? value : "");
}
