/*
 * rec_unwind.c - user-space stack unwinding of a stopped thread. The stack is
 * copied with one process_vm_readv (grown only when a frame reaches past the
 * copy); each frame's rules come from the module's CFI through libdw, are
 * compiled into a small struct and cached per (module, PC), so a stack seen
 * before costs one read plus a hash lookup per frame. The cache is a fixed
 * two-way set-associative array (bounded memory, least recently used way
 * replaced), not a map: trace_map would grow with every PC ever unwound.
 * Modules without CFI
 * are walked with the frame-pointer chain. The same unwinder also works from
 * registers and stack bytes captured elsewhere (the eBPF backend's records),
 * reading nothing from the process.
 */
#include "record/rec_unwind.h"

#include <dwarf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "libtrace/trace_hash.h"
#include "libtrace/trace_util.h"
#include "record/rec_elf.h"

#define NREGS          REC_DWARF_NREGS
#define CACHE_BITS     12
#define CACHE_SIZE     (1u << CACHE_BITS)
#define PAGE           4096u
#define SNAP_MIN       2048u
#define SNAP_MAX_HINT  (64u * 1024)
#define SNAP_LIMIT     (8u * 1024 * 1024) /* never copy more stack than this */
#define MAX_EXPR_DEPTH 16
#define MAX_EXPR_OPS   65536 /* expression ops kept before the rule cache is flushed */
#define SNAP_IOV       64    /* pages per snapshot process_vm_readv */
#define REQS_MAX       16    /* extra reads batched with the first snapshot copy */

/* How the caller's value of one register (or the CFA) is found. */
enum rule_kind {
	R_UNDEF = 0, /* cannot be recovered */
	R_SAME,      /* unchanged by this frame */
	R_AT_CFA,    /* saved at CFA + off */
	R_VAL_CFA,   /* the value is CFA + off */
	R_REG,       /* the value is in register reg (+ off for the CFA rule) */
	R_EXPR,      /* a DWARF expression giving the location */
	R_VAL_EXPR,  /* a DWARF expression giving the value */
};

struct rule {
	uint8_t kind;
	uint8_t reg;
	uint16_t nops; /* R_EXPR / R_VAL_EXPR: ops at rec_unwinder.exprs[expr] */
	int32_t off;
	uint32_t expr;
};

/* The compiled rules for one PC of one module. */
struct frame_rules {
	const void *elf; /* key: module ELF state (NULL = empty slot) */
	uint64_t addr;   /* key: ELF address looked up */
	bool signal;     /* a signal trampoline: the caller's PC is exact */
	bool fp;         /* no CFI here: frame-pointer rules */
	uint8_t ra;      /* DWARF column of the return address */
	uint32_t active; /* registers (not SP/RA) with a rule to apply */
	uint32_t undef;  /* registers (not SP/RA) the caller cannot know */
	struct rule cfa;
	struct rule regs[NREGS];
};

struct rec_unwinder {
	struct rec_maps *maps;
	struct frame_rules *cache; /* CACHE_SIZE entries: CACHE_SIZE / 2 sets of two ways */
	uint8_t *mru;              /* per set: the way used last */
	Dwarf_Op *exprs;           /* the DWARF expressions of cached rules, back to back */
	size_t nexprs, exprs_cap;
	uint8_t *snap; /* stack copy */
	size_t snap_cap;
	const uint8_t *data; /* the bytes at snap_base read_word reads: snap, or the caller's */
	uint64_t snap_base, snap_len; /* [snap_base, snap_base + snap_len) copied */
	bool snap_end;                /* the stack ends at snap_base + snap_len */
	size_t hint;                  /* bytes to copy first */
	pid_t pid;                    /* process whose modules apply */
	pid_t tid;                    /* thread whose stack is copied */
};

/* Register values of the frame being unwound. */
struct frame_regs {
	uint64_t v[NREGS];
	uint32_t valid; /* bit per register */
};

struct rec_unwinder *rec_unwinder_new(struct rec_maps *maps)
{
	struct rec_unwinder *u = xcalloc(1, sizeof(*u));

	u->maps = maps;
	u->cache = xcalloc(CACHE_SIZE, sizeof(*u->cache));
	u->mru = xcalloc(CACHE_SIZE / 2, 1);
	u->hint = 8192;
	return u;
}

void rec_unwinder_free(struct rec_unwinder *u)
{
	if (u == NULL)
		return;
	free(u->cache);
	free(u->mru);
	free(u->exprs);
	free(u->snap);
	free(u);
}

/* Clamps the end of a stack copy to SNAP_LIMIT, grows the snapshot buffer to
 * hold it and fills remote[0..) with [from, to) split at pages (at most max
 * pieces). Returns the pieces; *bytes their total length. */
static unsigned snap_remote(struct rec_unwinder *u, uint64_t to, struct iovec *remote, unsigned max,
                            size_t *bytes)
{
	uint64_t from = u->snap_base + u->snap_len, a = from;
	unsigned n = 0;

	*bytes = 0;
	if (u->snap_end || to <= from)
		return 0;
	if (to - u->snap_base > SNAP_LIMIT)
		to = u->snap_base + SNAP_LIMIT;
	if (to <= from)
		return 0;
	xgrow((void **)&u->snap, &u->snap_cap, to - u->snap_base, 1);
	u->data = u->snap;
	for (; a < to && n < max; n++) {
		uint64_t next = (a & ~(uint64_t)(PAGE - 1)) + PAGE;

		if (next > to)
			next = to;
		remote[n] = (struct iovec){(void *)(uintptr_t)a, next - a};
		a = next;
	}
	*bytes = (size_t)(a - from);
	return n;
}

/* Accounts for got bytes copied of a want-byte snapshot extension made of n
 * pieces (of at most max): a short copy means the stack mapping ended. */
static void snap_got(struct rec_unwinder *u, ssize_t got, size_t want, unsigned n, unsigned max)
{
	if (got <= 0) {
		u->snap_end = true;
		return;
	}
	u->snap_len += (uint64_t)got;
	if ((size_t)got < want && n < max)
		u->snap_end = true;
}

/* Copies [from, to) of the tracee's stack into the snapshot (which must end at
 * from), page by page so that the end of the stack mapping stops it cleanly. */
static void snap_extend(struct rec_unwinder *u, uint64_t to)
{
	struct iovec local, remote[SNAP_IOV];
	size_t want;
	unsigned n = snap_remote(u, to, remote, SNAP_IOV, &want);

	if (n == 0)
		return;
	local = (struct iovec){u->snap + u->snap_len, want};
	snap_got(u, process_vm_readv(u->tid, &local, 1, remote, n, 0), want, n, SNAP_IOV);
}

/* read_word's other cases: a word past the copy (grown first) or outside it. */
static bool __attribute__((noinline)) read_word_slow(struct rec_unwinder *u, uint64_t addr,
                                                     uint64_t *val)
{
	if (addr >= u->snap_base && addr - u->snap_base <= SNAP_LIMIT - 8) {
		uint64_t need = addr - u->snap_base + 8;

		if (need > u->snap_len) {
			uint64_t grow =
			    u->snap_len * 2 > need + 1024 ? u->snap_len * 2 : need + 1024;

			snap_extend(u, u->snap_base + grow);
			if (need > u->snap_len)
				return false;
		}
		memcpy(val, u->data + (addr - u->snap_base), 8);
		return true;
	}
	/* Outside the stack copy (a signal frame on an alternate stack...): read
	 * it from the thread, unless unwinding from given bytes (no thread). */
	if (u->tid <= 0)
		return false;
	struct iovec local = {val, 8}, remote = {(void *)(uintptr_t)addr, 8};

	return process_vm_readv(u->tid, &local, 1, &remote, 1, 0) == 8;
}

/* Reads one word of tracee memory. False when it cannot be read. Inline:
 * the word is almost always in the copy already. */
static inline bool read_word(struct rec_unwinder *u, uint64_t addr, uint64_t *val)
{
	uint64_t off = addr - u->snap_base;

	if (addr >= u->snap_base && off < u->snap_len && u->snap_len - off >= 8) {
		memcpy(val, u->data + off, 8);
		return true;
	}
	return read_word_slow(u, addr, val);
}

/* Copies a DWARF expression into u's expression store for r (kind R_EXPR or
 * R_VAL_EXPR); an over-long one leaves r undefined. */
static void rule_expr(struct rec_unwinder *u, struct rule *r, const Dwarf_Op *ops, size_t nops)
{
	bool value = nops > 0 && ops[nops - 1].atom == DW_OP_stack_value;

	if (value)
		nops--;
	if (nops > UINT16_MAX) {
		r->kind = R_UNDEF;
		return;
	}
	r->kind = value ? R_VAL_EXPR : R_EXPR;
	r->nops = (uint16_t)nops;
	r->expr = (uint32_t)u->nexprs;
	xgrow((void **)&u->exprs, &u->exprs_cap, u->nexprs + nops + 1, sizeof(*ops));
	memcpy(u->exprs + u->nexprs, ops, nops * sizeof(*ops));
	u->nexprs += nops;
}

/* Compiles libdw's description of a register into a rule. */
static void compile_reg(struct rec_unwinder *u, Dwarf_Frame *frame, int regno, struct rule *r)
{
	Dwarf_Op mem[3], *ops = NULL;
	size_t nops = 0;

	if (dwarf_frame_register(frame, regno, mem, &ops, &nops) != 0) {
		r->kind = R_UNDEF;
		return;
	}
	if (nops == 0) {
		r->kind = ops == NULL ? R_SAME : R_UNDEF;
		return;
	}
	if (ops[0].atom == DW_OP_call_frame_cfa) {
		bool value = ops[nops - 1].atom == DW_OP_stack_value;
		size_t n = value ? nops - 1 : nops;

		if (n == 1 || (n == 2 && ops[1].atom == DW_OP_plus_uconst)) {
			r->kind = value ? R_VAL_CFA : R_AT_CFA;
			r->off = n == 2 ? (int32_t)ops[1].number : 0;
			return;
		}
	}
	if (nops == 1 && ops[0].atom == DW_OP_regx && ops[0].number < NREGS) {
		r->kind = R_REG;
		r->reg = (uint8_t)ops[0].number;
		return;
	}
	rule_expr(u, r, ops, nops);
}

static void compile_cfa(struct rec_unwinder *u, Dwarf_Frame *frame, struct rule *r)
{
	Dwarf_Op *ops = NULL;
	size_t nops = 0;

	if (dwarf_frame_cfa(frame, &ops, &nops) != 0 || nops == 0) {
		r->kind = R_UNDEF;
		return;
	}
	if (nops == 1 && ops[0].atom == DW_OP_bregx && ops[0].number < NREGS) {
		r->kind = R_REG;
		r->reg = (uint8_t)ops[0].number;
		r->off = (int32_t)ops[0].number2;
		return;
	}
	rule_expr(u, r, ops, nops);
	if (r->kind == R_EXPR)
		r->kind = R_VAL_EXPR; /* the CFA expression yields the value itself */
}

/* Frame-pointer rules: CFA = FP + 16, return address at CFA - 8, FP at CFA - 16. */
static void fp_rules(struct frame_rules *f)
{
	f->fp = true;
	f->ra = REC_DWARF_RA;
	f->cfa = (struct rule){.kind = R_REG, .reg = REC_DWARF_FP, .off = 16};
	for (unsigned i = 0; i < NREGS; i++)
		f->regs[i].kind = R_SAME;
	f->regs[REC_DWARF_RA] = (struct rule){.kind = R_AT_CFA, .off = -8};
	f->regs[REC_DWARF_FP] = (struct rule){.kind = R_AT_CFA, .off = -16};
}

static void compile_frame(struct rec_unwinder *u, struct rec_elf *elf, uint64_t addr,
                          struct frame_rules *f)
{
	Dwarf_Frame *frame = elf != NULL ? rec_elf_frame(elf, addr) : NULL;
	int ra;

	if (frame == NULL || (ra = dwarf_frame_info(frame, NULL, NULL, &f->signal)) < 0 ||
	    ra >= NREGS) {
		free(frame);
		fp_rules(f);
		return;
	}
	f->ra = (uint8_t)ra;
	compile_cfa(u, frame, &f->cfa);
	for (int i = 0; i < NREGS; i++)
		compile_reg(u, frame, i, &f->regs[i]);
	free(frame);
}

static bool rules_match(const struct frame_rules *f, const struct rec_elf *elf, uint64_t addr)
{
	return f->elf == (const void *)elf && f->addr == addr && (f->elf != NULL || f->fp);
}

/* The rules for ELF address addr of elf, from the cache (two ways per set,
 * the least recently used one replaced) or compiled from the CFI. */
static const struct frame_rules *lookup_rules(struct rec_unwinder *u, struct rec_elf *elf,
                                              uint64_t addr)
{
	uint64_t h = trace_hash_fib(addr ^ (uint64_t)(uintptr_t)elf);
	size_t set = (size_t)(h >> (64 - CACHE_BITS + 1));
	struct frame_rules *ways = &u->cache[2 * set], *f;

	for (unsigned w = 0; w < 2; w++) {
		if (rules_match(&ways[w], elf, addr)) {
			u->mru[set] = (uint8_t)w;
			return &ways[w];
		}
	}
	if (u->nexprs > MAX_EXPR_OPS) {
		/* Expressions are rare; when too many piled up, start over. */
		memset(u->cache, 0, CACHE_SIZE * sizeof(*u->cache));
		u->nexprs = 0;
	}
	u->mru[set] = (uint8_t)!u->mru[set];
	f = &ways[u->mru[set]];
	memset(f, 0, sizeof(*f));
	compile_frame(u, elf, addr, f);
	for (unsigned i = 0; i < NREGS; i++) {
		if (i == REC_DWARF_SP || i == f->ra)
			continue;
		if (f->regs[i].kind == R_UNDEF)
			f->undef |= 1u << i;
		else if (f->regs[i].kind != R_SAME)
			f->active |= 1u << i;
	}
	f->elf = elf;
	f->addr = addr;
	return f;
}

/* The stack of a DWARF expression being evaluated. */
struct expr_stack {
	uint64_t v[MAX_EXPR_DEPTH];
	unsigned n;
};

static bool expr_push(struct expr_stack *st, uint64_t x)
{
	if (st->n >= MAX_EXPR_DEPTH)
		return false;
	st->v[st->n++] = x;
	return true;
}

/* Applies a two-operand operator to the top two entries. False if not one. */
static bool expr_binary(struct expr_stack *st, uint8_t atom)
{
	uint64_t b, a;
	int64_t sa, sb;

	if (st->n < 2)
		return false;
	b = st->v[--st->n];
	a = st->v[st->n - 1];
	sa = (int64_t)a;
	sb = (int64_t)b;
	switch (atom) {
	case DW_OP_plus:
		a += b;
		break;
	case DW_OP_minus:
		a -= b;
		break;
	case DW_OP_and:
		a &= b;
		break;
	case DW_OP_or:
		a |= b;
		break;
	case DW_OP_mul:
		a *= b;
		break;
	case DW_OP_shl:
		a = b < 64 ? a << b : 0;
		break;
	case DW_OP_shr:
		a = b < 64 ? a >> b : 0;
		break;
	case DW_OP_ge:
		a = sa >= sb;
		break;
	case DW_OP_gt:
		a = sa > sb;
		break;
	case DW_OP_le:
		a = sa <= sb;
		break;
	case DW_OP_lt:
		a = sa < sb;
		break;
	case DW_OP_eq:
		a = a == b;
		break;
	case DW_OP_ne:
		a = a != b;
		break;
	default:
		return false;
	}
	st->v[st->n - 1] = a;
	return true;
}

/* Pushes register reg + off. False when the register is unknown. */
static bool expr_breg(struct expr_stack *st, const struct frame_regs *fr, uint64_t reg,
                      uint64_t off)
{
	if (reg >= NREGS || !((fr->valid >> reg) & 1))
		return false;
	return expr_push(st, fr->v[reg] + off);
}

/* Executes one operation. False on failure or an unsupported operation. */
static bool expr_op(struct rec_unwinder *u, struct expr_stack *st, const Dwarf_Op *op,
                    const struct frame_regs *fr, uint64_t cfa)
{
	uint8_t a = op->atom;
	uint64_t x;

	if (a >= DW_OP_lit0 && a <= DW_OP_lit31)
		return expr_push(st, a - DW_OP_lit0);
	if (a >= DW_OP_breg0 && a <= DW_OP_breg31)
		return expr_breg(st, fr, a - DW_OP_breg0, op->number);
	switch (a) {
	case DW_OP_bregx:
		return expr_breg(st, fr, op->number, op->number2);
	case DW_OP_call_frame_cfa:
		return expr_push(st, cfa);
	case DW_OP_addr:
	case DW_OP_const1u:
	case DW_OP_const1s:
	case DW_OP_const2u:
	case DW_OP_const2s:
	case DW_OP_const4u:
	case DW_OP_const4s:
	case DW_OP_const8u:
	case DW_OP_const8s:
	case DW_OP_constu:
	case DW_OP_consts:
		return expr_push(st, op->number);
	case DW_OP_deref:
		if (st->n < 1 || !read_word(u, st->v[st->n - 1], &x))
			return false;
		st->v[st->n - 1] = x;
		return true;
	case DW_OP_dup:
		return st->n >= 1 && expr_push(st, st->v[st->n - 1]);
	case DW_OP_drop:
		return st->n >= 1 && (st->n--, true);
	case DW_OP_swap:
		if (st->n < 2)
			return false;
		x = st->v[st->n - 1];
		st->v[st->n - 1] = st->v[st->n - 2];
		st->v[st->n - 2] = x;
		return true;
	case DW_OP_plus_uconst:
		if (st->n < 1)
			return false;
		st->v[st->n - 1] += op->number;
		return true;
	default:
		return expr_binary(st, a);
	}
}

/* Evaluates the DWARF expression of rule r (the subset CFI uses). */
static bool eval_expr(struct rec_unwinder *u, const struct rule *r, const struct frame_regs *fr,
                      uint64_t cfa, uint64_t *out)
{
	struct expr_stack st = {.n = 0};

	for (unsigned i = 0; i < r->nops; i++)
		if (!expr_op(u, &st, &u->exprs[r->expr + i], fr, cfa))
			return false;
	if (st.n == 0)
		return false;
	*out = st.v[st.n - 1];
	return true;
}

/* The caller's value of one register under rule r. False when unknown. */
static inline bool apply_rule(struct rec_unwinder *u, const struct rule *r, unsigned regno,
                       const struct frame_regs *fr, uint64_t cfa, uint64_t *out)
{
	uint64_t loc;

	switch (r->kind) {
	case R_SAME:
		*out = fr->v[regno];
		return (fr->valid >> regno) & 1;
	case R_AT_CFA:
		return read_word(u, cfa + (uint64_t)r->off, out);
	case R_VAL_CFA:
		*out = cfa + (uint64_t)r->off;
		return true;
	case R_REG:
		*out = fr->v[r->reg];
		return (fr->valid >> r->reg) & 1;
	case R_EXPR:
		return eval_expr(u, r, fr, cfa, &loc) && read_word(u, loc, out);
	case R_VAL_EXPR:
		return eval_expr(u, r, fr, cfa, out);
	default:
		return false;
	}
}

static bool compute_cfa(struct rec_unwinder *u, const struct rule *r, const struct frame_regs *fr,
                        uint64_t *cfa)
{
	if (r->kind == R_REG) {
		if (!((fr->valid >> r->reg) & 1))
			return false;
		*cfa = fr->v[r->reg] + (uint64_t)r->off;
		return true;
	}
	if (r->kind == R_VAL_EXPR)
		return eval_expr(u, r, fr, 0, cfa);
	return false;
}

/* Unwinds one frame: fr becomes the caller's registers. False at the end. */
static bool step(struct rec_unwinder *u, struct frame_regs *fr, bool *exact)
{
	uint64_t pc = fr->v[REC_DWARF_RA], sp = fr->v[REC_DWARF_SP];
	uint64_t lookup = *exact ? pc : pc - 1;
	const struct rec_module *mod = rec_maps_find(u->maps, u->pid, lookup);
	const struct frame_rules *f;
	struct frame_regs caller;
	uint64_t cfa, ra;

	if (mod != NULL)
		f = lookup_rules(u, mod->elf_ctx, lookup - mod->bias);
	else
		f = lookup_rules(u, NULL, 0); /* unknown code: frame pointers */
	if (!compute_cfa(u, &f->cfa, fr, &cfa))
		return false;
	if (!apply_rule(u, &f->regs[f->ra], f->ra, fr, cfa, &ra) || ra == 0)
		return false;
	caller = *fr;
	caller.valid &= ~f->undef;
	for (uint32_t mask = f->active; mask != 0; mask &= mask - 1) {
		unsigned i = (unsigned)__builtin_ctz(mask);

		if (apply_rule(u, &f->regs[i], i, fr, cfa, &caller.v[i]))
			caller.valid |= 1u << i;
		else
			caller.valid &= ~(1u << i);
	}
	/* The stack grows down: a caller's frame lies above, except across a signal. */
	if (cfa <= sp && !f->signal)
		return false;
	caller.v[REC_DWARF_SP] = cfa;
	caller.v[REC_DWARF_RA] = ra;
	caller.valid |= (1u << REC_DWARF_SP) | (1u << REC_DWARF_RA);
	*exact = f->signal;
	*fr = caller;
	return true;
}

/* Starts the snapshot at sp: its first copy and the nreqs reads (first, so a
 * failing one cannot cost the stack) in one process_vm_readv. When a read
 * fails, the ones after it and the stack were not copied: the stack is then
 * copied on its own. */
static void snap_start(struct rec_unwinder *u, uint64_t sp, struct rec_mem_req *reqs,
                       unsigned nreqs)
{
	struct iovec local[REQS_MAX + 1], remote[REQS_MAX + SNAP_IOV];
	size_t want, reqbytes = 0;
	unsigned n;
	ssize_t got;

	u->snap_base = sp;
	u->snap_len = 0;
	u->snap_end = false;
	u->data = u->snap;
	if (nreqs > REQS_MAX)
		nreqs = REQS_MAX; /* the others stay not done */
	for (unsigned i = 0; i < nreqs; i++) {
		reqs[i].done = false;
		local[i] = (struct iovec){reqs[i].dst, reqs[i].len};
		remote[i] = (struct iovec){(void *)(uintptr_t)reqs[i].addr, reqs[i].len};
		reqbytes += reqs[i].len;
	}
	n = snap_remote(u, sp + u->hint, remote + nreqs, SNAP_IOV, &want);
	if (nreqs == 0 || n == 0) {
		for (unsigned i = 0; i < nreqs; i++) /* nothing to share: plain reads */
			reqs[i].done = rec_mem_read(u->tid, reqs[i].addr, reqs[i].dst,
			                            reqs[i].len) == reqs[i].len;
		if (n == 0)
			return;
		local[0] = (struct iovec){u->snap, want};
		snap_got(u, process_vm_readv(u->tid, local, 1, remote, n, 0), want, n, SNAP_IOV);
		return;
	}
	local[nreqs] = (struct iovec){u->snap, want};
	got = process_vm_readv(u->tid, local, nreqs + 1, remote, nreqs + n, 0);
	size_t seen = 0;
	for (unsigned i = 0; i < nreqs; i++) {
		seen += reqs[i].len;
		reqs[i].done = got >= 0 && (size_t)got >= seen;
	}
	if (got >= 0 && (size_t)got >= reqbytes)
		snap_got(u, got - (ssize_t)reqbytes, want, n, SNAP_IOV);
	else
		snap_extend(u, sp + u->hint);
}

void rec_unwind_snapshot(struct rec_unwinder *u, pid_t pid, pid_t tid, const rec_regs_t *regs,
                         struct rec_mem_req *reqs, unsigned nreqs)
{
	u->pid = pid;
	u->tid = tid;
	snap_start(u, rec_regs_sp(regs), reqs, nreqs);
}

unsigned rec_unwind_from_snapshot(struct rec_unwinder *u, const rec_regs_t *regs, uint64_t *pcs,
                                  unsigned max)
{
	struct frame_regs fr;
	bool exact = true;
	unsigned depth = 0;
	uint64_t sp = rec_regs_sp(regs), used;

	if (max == 0 || rec_regs_pc(regs) == 0)
		return 0;
	rec_regs_to_dwarf(regs, fr.v);
	fr.valid = (1u << NREGS) - 1;
	pcs[depth++] = rec_regs_pc(regs);
	while (depth < max && step(u, &fr, &exact))
		pcs[depth++] = fr.v[REC_DWARF_RA];
	/* Next time copy about what this stack needed. */
	used = fr.v[REC_DWARF_SP] > sp ? fr.v[REC_DWARF_SP] - sp + 512 : SNAP_MIN;
	if (used < SNAP_MIN)
		used = SNAP_MIN;
	if (used > SNAP_MAX_HINT)
		used = SNAP_MAX_HINT;
	u->hint = (size_t)used;
	return depth;
}

unsigned rec_unwind(struct rec_unwinder *u, pid_t pid, pid_t tid, const rec_regs_t *regs,
                    uint64_t *pcs, unsigned max)
{
	if (max == 0 || rec_regs_pc(regs) == 0)
		return 0;
	rec_unwind_snapshot(u, pid, tid, regs, NULL, 0);
	return rec_unwind_from_snapshot(u, regs, pcs, max);
}

unsigned rec_unwind_bytes(struct rec_unwinder *u, pid_t pid, const rec_regs_t *regs,
                          const void *stack, size_t len, uint64_t *pcs, unsigned max)
{
	size_t hint = u->hint;
	unsigned depth;

	if (max == 0 || rec_regs_pc(regs) == 0)
		return 0;
	if (len > SNAP_LIMIT)
		len = SNAP_LIMIT;
	u->pid = pid;
	u->tid = 0;      /* nothing is read from the process */
	u->data = stack; /* read in place: no copy */
	u->snap_base = rec_regs_sp(regs);
	u->snap_len = len;
	u->snap_end = true;
	depth = rec_unwind_from_snapshot(u, regs, pcs, max);
	u->hint = hint; /* the copy size is the caller's, not a hint for live copies */
	return depth;
}
