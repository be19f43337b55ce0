/*
 * bench_decode.c - how fast recorded syscalls become strace-style lines: a mix
 * of common calls (openat with a path, read with data, mmap, connect with a
 * sockaddr, fcntl, clone, a failed access) decoded over and over into one
 * reused buffer. Prints ns per line and lines per second.
 * Usage: bench_decode [-n LINES]   (default 5000000)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze/decode/decode.h"
#include "libtrace/trace_syscalls.h"

#define NMIX 7

static struct trace_syscall mk(const char *name, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2,
                               uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct trace_syscall s;

	memset(&s, 0, sizeof(s));
	s.nr = (uint16_t)trace_syscall_by_name(name);
	s.ret = ret;
	s.args[0] = a0;
	s.args[1] = a1;
	s.args[2] = a2;
	s.args[3] = a3;
	s.args[4] = a4;
	s.args[5] = a5;
	return s;
}

static void attach(struct trace_syscall *s, unsigned arg, unsigned kind, const void *data,
                   uint32_t len)
{
	struct trace_payload *p = &s->payloads[s->npayloads++];

	p->arg = (uint8_t)arg;
	p->kind = (uint8_t)kind;
	p->len = len;
	p->full_len = len;
	p->data = data;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static const char path[] = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
	static const char data[] = "\177ELF\2\1\1\3\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0\20t\2\0\0\0\0\0";
	static const uint8_t sin[16] = {2, 0, 0, 80, 127, 0, 0, 1};
	uint64_t n = 5000000;
	int opt;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n' || (n = strtoull(optarg, NULL, 10)) == 0) {
			fprintf(stderr, "usage: bench_decode [-n LINES]\n");
			return 2;
		}
	}
	struct trace_syscall mix[NMIX] = {
	    mk("openat", 3, (uint64_t)-100, 0x1000, 02000000, 0, 0, 0),
	    mk("read", 832, 3, 0x7ffd1000, 832, 0, 0, 0),
	    mk("mmap", 0x7f1234000000, 0, 104857600, 1, 2, 3, 0),
	    mk("connect", -111, 7, 0x2000, 16, 0, 0, 0),
	    mk("fcntl", 0x8002, 3, 3, 0, 0, 0, 0),
	    mk("clone", 4242, 0x1200011, 0, 0, 0x7f00000a10, 0, 0),
	    mk("access", -2, 0x3000, 4, 0, 0, 0, 0),
	};
	attach(&mix[0], 1, TPAY_STRING, path, sizeof(path) - 1);
	attach(&mix[1], 1, TPAY_BUFFER, data, 32);
	mix[1].payloads[0].full_len = 832;
	attach(&mix[3], 1, TPAY_SOCKADDR, sin, sizeof(sin));
	attach(&mix[6], 0, TPAY_STRING, "/etc/ld.so.preload", 18);

	struct strbuf sb = STRBUF_INIT;
	struct decode_opts o = {.strsize = 32};
	uint64_t bytes = 0;
	uint64_t t0 = now_ns();
	for (uint64_t i = 0; i < n; i++) {
		sb_reset(&sb);
		decode_call(&sb, &mix[i % NMIX], &o);
		bytes += sb.len;
	}
	uint64_t dt = now_ns() - t0;
	sb_free(&sb);
	printf("decode_call: %" PRIu64 " lines (%d-call mix), %.1f ns/line, %.2f M lines/s, "
	       "%.1f bytes/line\n",
	       n, NMIX, (double)dt / (double)n, (double)n * 1e3 / (double)dt,
	       (double)bytes / (double)n);
	return 0;
}
