/*
 * model_int.h - the trace model's state, shared by model.c (threads,
 * generations, stacks) and model_space.c (address spaces, modules, images).
 * Not a public header.
 */
#ifndef RENACER_MODEL_INT_H
#define RENACER_MODEL_INT_H

#include "analyze/model/model.h"
#include "libtrace/trace_map.h"

struct model {
	struct trace_map by_tid; /* tid -> index in threads */
	struct model_thread *threads;
	size_t nthreads, capthreads;
	uint32_t alive;   /* threads traced now */
	bool exiting;     /* the record fed last was the exit of a traced thread */
	int32_t last_tid; /* one-entry cache of the thread lookup */
	size_t last_idx;

	struct trace_map gen; /* pid -> address-space generation */
	struct trace_stacks *stacks;
	uint32_t stack_epoch; /* bumped when a stack id is redefined */

	/* With stacks: the address spaces (model_space.c). */
	struct trace_map spaces; /* pid -> struct space * */
	struct model_module *mods;
	size_t nmods, capmods;
	char **paths; /* recorded mapping paths, each once */
	size_t npaths, cappaths;
	struct trace_map path_index; /* path content -> index in paths (trace_map_find) */
	struct model_image *images;
	size_t nimages, capimages;
};

/* Applies a record that changes an address space (model_changes_space). */
void model_space_feed(struct model *m, const struct trace_record *rec);
/* Frees the address spaces, modules, paths and images. */
void model_spaces_free(struct model *m);

#endif
