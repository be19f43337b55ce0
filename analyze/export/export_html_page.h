/*
 * export_html_page.h - the fixed parts of the HTML report page: its style
 * sheet and its script (which draws the histograms and the timeline from the
 * page's JSON data block, then marks the document rendered). Kept apart from
 * export_html.c, which writes the data and the tables around them.
 */
#ifndef RENACER_EXPORT_HTML_PAGE_H
#define RENACER_EXPORT_HTML_PAGE_H

/* The contents of the page's <style> element. */
extern const char export_html_css[];
/* The contents of the page's last <script> element. It reads the JSON in
 * <script id="renacer-data" type="application/json">, draws, and sets
 * data-rendered="ok" on <html> (data-error="message" on a script error). */
extern const char export_html_js[];

#endif
