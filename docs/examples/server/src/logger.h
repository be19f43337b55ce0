/* logger.h - request log of the example server. */
#ifndef SERVER_LOGGER_H
#define SERVER_LOGGER_H

int log_open(const char *path);
void log_request(const char *method, const char *path, int status);
void log_close(void);

#endif
