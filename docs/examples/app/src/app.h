/* app.h - the example app's modules. */
#ifndef APP_H
#define APP_H

int load_plugins(const char *dir, unsigned count);
int parse_line(int fd, char *rec);
int write_result(int fd, unsigned index, const char *rec);

#endif
