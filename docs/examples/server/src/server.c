/*
 * server.c - a small HTTP/1.0 file server for the user guide's examples.
 * Serves the files of ./www (or $DOCROOT) on 127.0.0.1:PORT (default 8080,
 * or $PORT), logs each request to ./access.log through logger.c, and exits
 * cleanly on SIGINT or SIGTERM, or after $MAX_REQUESTS requests when set.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logger.h"

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

static const char *docroot = "www";

static void send_file(int client, const char *name)
{
	char buf[65536], path[2048];

	snprintf(path, sizeof(path), "%s/%s", docroot, name);
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		const char *nf = "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n";
		send_all(client, nf, strlen(nf));
		log_request("GET", name, 404);
		return;
	}
	struct stat st;
	fstat(fd, &st);
	int hl = snprintf(buf, sizeof(buf), "HTTP/1.0 200 OK\r\nContent-Length: %lld\r\n\r\n",
	                  (long long)st.st_size);
	send_all(client, buf, (size_t)hl);
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		send_all(client, buf, (size_t)n);
	close(fd);
	log_request("GET", name, 200);
}

static void handle(int client)
{
	char req[2048];
	ssize_t n = read(client, req, sizeof(req) - 1);

	if (n <= 0)
		return;
	req[n] = '\0';
	char path[1024] = "index.html";
	if (strncmp(req, "GET /", 5) == 0) {
		size_t i = 0;
		const char *p = req + 5;
		while (p[i] && p[i] != ' ' && p[i] != '?' && i < sizeof(path) - 1 && p[i] != '\r') {
			path[i] = p[i];
			i++;
		}
		path[i] = '\0';
		if (i == 0 || strstr(path, ".."))
			strcpy(path, "index.html");
	}
	send_file(client, path);
}

int main(void)
{
	const char *port_env = getenv("PORT");
	const char *max_env = getenv("MAX_REQUESTS");
	int port = port_env ? atoi(port_env) : 8080;
	long max_requests = max_env ? atol(max_env) : -1;
	if (getenv("DOCROOT"))
		docroot = getenv("DOCROOT");
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop; /* no SA_RESTART: accept() returns EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	int s = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(s, 64) != 0) {
		fprintf(stderr, "server: cannot listen on 127.0.0.1:%d: %s\n", port,
		        strerror(errno));
		return 1;
	}
	if (log_open("access.log") != 0) {
		fprintf(stderr, "server: cannot open access.log: %s\n", strerror(errno));
		return 1;
	}
	fprintf(stderr, "server: listening on 127.0.0.1:%d\n", port);
	long served = 0;
	while (!stopping && (max_requests < 0 || served < max_requests)) {
		int c = accept(s, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		handle(c);
		close(c);
		served++;
	}
	log_close();
	close(s);
	fprintf(stderr, "server: served %ld requests\n", served);
	return 0;
}
