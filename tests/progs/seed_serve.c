/*
 * seed_serve.c - a tiny HTTP server on 127.0.0.1 for the user guide's download
 * scenario without internet: listens on an ephemeral port, writes the port
 * number to PORTFILE, answers COUNT requests with BYTES bytes each, then exits.
 * Usage: seed_serve PORTFILE BYTES COUNT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void serve(int c, size_t bytes)
{
	char req[4096], head[128], chunk[16384];
	size_t got = 0;

	/* read the request up to its blank line */
	while (got < sizeof(req) - 1) {
		ssize_t r = recv(c, req + got, sizeof(req) - 1 - got, 0);
		if (r <= 0)
			return;
		got += (size_t)r;
		req[got] = 0;
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	int n =
	    snprintf(head, sizeof(head),
	             "HTTP/1.0 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", bytes);
	if (send_all(c, head, (size_t)n) < 0)
		return;
	memset(chunk, 'x', sizeof(chunk));
	while (bytes) {
		size_t k = bytes < sizeof(chunk) ? bytes : sizeof(chunk);
		if (send_all(c, chunk, k) < 0)
			return;
		bytes -= k;
	}
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: seed_serve PORTFILE BYTES COUNT\n");
		return 2;
	}
	size_t bytes = strtoul(argv[2], NULL, 10);
	int count = atoi(argv[3]), one = 1;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);

	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 8) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) < 0) {
		perror("seed_serve");
		return 1;
	}
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", ntohs(a.sin_port)) < 0 || fclose(f) != 0 ||
	    rename(tmp, argv[1]) != 0) {
		perror(argv[1]);
		return 1;
	}
	for (int i = 0; i < count; i++) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			return 1;
		serve(c, bytes);
		close(c);
	}
	close(s);
	return 0;
}
