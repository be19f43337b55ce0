/*
 * trace_map.h - a small open-addressing hash map from 64-bit keys to 64-bit
 * values: the report engine's per-thread, per-process and per-stack tables,
 * the SQLite export's thread table, the symbolizer's per-process address
 * spaces. Lookups never allocate; inserts grow the table by doubling.
 */
#ifndef RENACER_TRACE_MAP_H
#define RENACER_TRACE_MAP_H

#include <stdbool.h>
#include <stdint.h>

struct trace_map {
	uint64_t *keys;
	uint64_t *vals;
	uint8_t *used;
	uint32_t cap;   /* a power of two, or 0 before the first insert */
	uint32_t count; /* entries held */
};

/* Initialises an empty map (no memory until the first insert). */
void trace_map_init(struct trace_map *m);
/* Frees the map's memory. */
void trace_map_free(struct trace_map *m);
/* Finds key: the address of its value, or NULL when absent. The address stays
 * valid until the next insert. */
uint64_t *trace_map_get(const struct trace_map *m, uint64_t key);
/* Inserts or replaces key with val; returns the address of the stored value. */
uint64_t *trace_map_put(struct trace_map *m, uint64_t key, uint64_t val);

#endif
