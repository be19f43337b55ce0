/*
 * fuzz_reader.c - libFuzzer target: any bytes as a whole trace file. The
 * reader must never crash, read out of bounds or loop forever; every field
 * of every record it returns is touched so bad pointers show up under ASan.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "format/fmt_reader.h"
#include "libtrace/trace_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t sink;

static void touch(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		sink += b[i];
}

static void touch_record(struct fmt_reader *r, const struct trace_record *rec)
{
	uint32_t depth = 0;
	const uint64_t *pcs;

	switch (rec->type) {
	case TREC_EXEC:
		touch(rec->u.exec.filename, strlen(rec->u.exec.filename));
		touch(rec->u.exec.argv, rec->u.exec.argv_len + 1);
		touch(rec->u.exec.comm, strlen(rec->u.exec.comm));
		break;
	case TREC_THREAD:
		touch(rec->u.thread.comm, strlen(rec->u.thread.comm));
		break;
	case TREC_MODULE_MAP:
		touch(rec->u.map.path, strlen(rec->u.map.path));
		touch(rec->u.map.build_id, rec->u.map.build_id_len);
		break;
	case TREC_SYSCALL:
		for (int i = 0; i < rec->u.sys.npayloads; i++)
			touch(rec->u.sys.payloads[i].data, rec->u.sys.payloads[i].len);
		pcs = fmt_reader_stack(r, rec->u.sys.stack_id, &depth);
		if (pcs)
			touch(pcs, depth * sizeof(*pcs));
		break;
	case TREC_STACK:
		touch(rec->u.stack.pcs, rec->u.stack.depth * sizeof(uint64_t));
		break;
	case TREC_IMAGE:
		touch(rec->u.image.name, strlen(rec->u.image.name));
		touch(rec->u.image.data, rec->u.image.size);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fmt_reader *r;
	struct trace_record rec;
	char err[256];

	if (fmt_reader_open_mem(&r, data, size, err, sizeof(err)) != FMT_OK)
		return 0;
	fmt_reader_quiet(r, 1);
	const struct trace_meta *m = fmt_reader_meta(r);
	if (m->hostname)
		touch(m->hostname, strlen(m->hostname));
	while (fmt_reader_next(r, &rec) == FMT_OK)
		touch_record(r, &rec);
	fmt_reader_close(r);
	return 0;
}
