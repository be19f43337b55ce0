/*
 * summary_bench_target.c - a symbolization target for the report benchmark
 * (tests/bench/bench_report.c): built with -g -O0, it gives the synthetic
 * trace real modules, build-ids and source lines. Each worker function
 * below sits on its own line, so the benchmark's stacks resolve to 64
 * distinct source locations. Run, it reads its own source file once.
 */
#include <fcntl.h>
#include <unistd.h>

#define WORKER(n)                                                                                  \
	static long worker_##n(int fd, char *buf)                                                  \
	{                                                                                          \
		return read(fd, buf, 1) + (n);                                                     \
	}

WORKER(0)
WORKER(1)
WORKER(2)
WORKER(3)
WORKER(4)
WORKER(5)
WORKER(6)
WORKER(7)
WORKER(8)
WORKER(9)
WORKER(10)
WORKER(11)
WORKER(12)
WORKER(13)
WORKER(14)
WORKER(15)
WORKER(16)
WORKER(17)
WORKER(18)
WORKER(19)
WORKER(20)
WORKER(21)
WORKER(22)
WORKER(23)
WORKER(24)
WORKER(25)
WORKER(26)
WORKER(27)
WORKER(28)
WORKER(29)
WORKER(30)
WORKER(31)
WORKER(32)
WORKER(33)
WORKER(34)
WORKER(35)
WORKER(36)
WORKER(37)
WORKER(38)
WORKER(39)
WORKER(40)
WORKER(41)
WORKER(42)
WORKER(43)
WORKER(44)
WORKER(45)
WORKER(46)
WORKER(47)
WORKER(48)
WORKER(49)
WORKER(50)
WORKER(51)
WORKER(52)
WORKER(53)
WORKER(54)
WORKER(55)
WORKER(56)
WORKER(57)
WORKER(58)
WORKER(59)
WORKER(60)
WORKER(61)
WORKER(62)
WORKER(63)

typedef long (*worker_fn)(int, char *);

static const worker_fn workers[] = {
    worker_0,  worker_1,  worker_2,  worker_3,  worker_4,  worker_5,  worker_6,  worker_7,
    worker_8,  worker_9,  worker_10, worker_11, worker_12, worker_13, worker_14, worker_15,
    worker_16, worker_17, worker_18, worker_19, worker_20, worker_21, worker_22, worker_23,
    worker_24, worker_25, worker_26, worker_27, worker_28, worker_29, worker_30, worker_31,
    worker_32, worker_33, worker_34, worker_35, worker_36, worker_37, worker_38, worker_39,
    worker_40, worker_41, worker_42, worker_43, worker_44, worker_45, worker_46, worker_47,
    worker_48, worker_49, worker_50, worker_51, worker_52, worker_53, worker_54, worker_55,
    worker_56, worker_57, worker_58, worker_59, worker_60, worker_61, worker_62, worker_63,
};

int main(int argc, char **argv)
{
	char buf[1];
	int fd = open(argv[0], O_RDONLY);
	long sum = 0;

	if (fd < 0)
		return 1;
	for (unsigned i = 0; i < sizeof(workers) / sizeof(workers[0]); i++)
		sum += workers[i](fd, buf);
	close(fd);
	return sum > 0 ? 0 : 1;
}
