/* The page machinery the PDF documents share: fonts (loaded once), A4 pages with margins, text
 * measured by pango, bordered table rows that may continue on the next page, footers, watermarks.
 * A document is built as a list of blocks, paginated, then drawn: the page count is known before
 * the first footer is written. Internal to src/docs. */
#pragma once
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "docs/docs.h"

/* A4 in PostScript points; margins 2.5 cm. */
#define PDF_PAGE_W 595.28
#define PDF_PAGE_H 841.89
#define PDF_MARGIN_X 70.87
#define PDF_MARGIN_TOP 70.87
#define PDF_BOTTOM (PDF_PAGE_H - 70.87)                 /* content ends here; the footer is below */
#define PDF_CONTENT_W (PDF_PAGE_W - 2 * PDF_MARGIN_X)
#define PDF_RULE 0.75                                   /* every border and rule */
#define PDF_PAD_X 6.0                                   /* text to cell border */
#define PDF_PAD_Y 5.0

/* The sizes the notice's world speaks of. */
#define PT_YIHAO 26.0
#define PT_ERHAO 22.0
#define PT_XIAOER 18.0
#define PT_SANHAO 16.0
#define PT_SIHAO 14.0
#define PT_XIAOSI 12.0
#define PT_WUHAO 10.5

/* No libm for these. */
static inline double pdf_max(double a, double b)
{
        return a > b ? a : b;
}

static inline double pdf_min(double a, double b)
{
        return a < b ? a : b;
}

enum pdf_face {
        PDF_FANGSONG,   /* body: 仿宋 */
        PDF_HEI,        /* first-level headings: 黑体 */
        PDF_KAI,        /* second-level headings: 楷体 */
        PDF_MONO,       /* SHA-256 values */
        PDF_FACE_COUNT_,
};

/* One line of text ready to draw: a line of a layout the document keeps alive. */
struct pdf_seg {
        PangoLayoutLine *line;
        double x;               /* left of the line's logical box, from the content's left */
        double baseline;        /* from the band's top */
};

/* A horizontal slice of content one line high: a text line, or several side by side (a row of
 * checkbox options). Content continues on the next page only between bands. */
struct pdf_band {
        double h;
        size_t first, n;        /* segs[first .. first+n) */
};

/* Text laid out for a width: bands stacked from the top. Owned by its document. */
struct pdf_content {
        struct pdf_band *bands;
        size_t n_bands, cap_bands;
        struct pdf_seg *segs;
        size_t n_segs, cap_segs;
        double w;
        double h;               /* sum of the bands */
};

enum pdf_valign { PDF_MIDDLE, PDF_TOP };

/* A cell of a table row; cells tile the row from x = 0 to the table's width. */
struct pdf_cell {
        double x, w;
        struct pdf_content *c;
        struct pdf_content *cont;       /* instead of c where the row continues ("…（续）"); NULL = c */
        enum pdf_valign valign;
        bool body;                      /* the one cell whose text may continue on the next page */
};

/* A figure: text and rules at fixed places, drawn whole (a cover page, a signature block). */
enum pdf_op_kind { PDF_OP_TEXT, PDF_OP_LINE, PDF_OP_RECT };
struct pdf_op {
        enum pdf_op_kind kind;
        PangoLayout *layout;            /* TEXT: drawn with its top-left at (x1, y1) */
        double x1, y1, x2, y2;          /* LINE: from, to; RECT: x, y, w, h */
};

struct pdf_figure {
        struct pdf_op *ops;
        size_t n, cap;
};

struct pdf_doc;

/* The font family list of a face (the notice's font first, then the installed stand-ins). */
const char *pdf_family(enum pdf_face face);

/* Fonts and the pango context, once per process (docs_init); later calls return the first result. */
int pdf_init(void);

/* pango objects are shared by every render: one render at a time. */
void pdf_lock(void);
void pdf_unlock(void);

/* A new document; footer_no is printed in every footer ("申报编号：…"); watermark: "草稿" on every
 * page. NULL when out of memory. */
struct pdf_doc *pdf_doc_new(const char *footer_no, bool watermark);
void pdf_doc_free(struct pdf_doc *d);
/* A short text set small in the top right corner of every page (a state: "已提交 …"); NULL or ""
 * for none. */
void pdf_doc_set_note(struct pdf_doc *d, const char *note);
/* Space between text and the top and bottom borders of the rows added from now on (PDF_PAD_Y). */
void pdf_doc_set_pad_y(struct pdf_doc *d, double pad_y);

/* A layout of text (UTF-8) in a face and size, wrapped to width (<= 0: no wrapping), kept alive by
 * the document. ☐ and ☑ are drawn from a font that has them. NULL only when the document is
 * already out of memory. */
PangoLayout *pdf_layout(struct pdf_doc *d, enum pdf_face face, double size, const char *text, double width,
                        PangoAlignment align);
/* Narrows a wrapped layout as far as it keeps its number of lines, so that a short label breaks
 * into lines of about equal length ("创新性与\n先进性", not "创新性与先进\n性"). The caller
 * centres the narrower layout itself. */
void pdf_layout_balance(PangoLayout *l);
/* Width and height of a layout's logical box, in points. */
double pdf_layout_w(PangoLayout *l);
double pdf_layout_h(PangoLayout *l);
/* Sets bytes [start, end) of a layout's text in another size ("（万元，企业填报）" under a label). */
void pdf_layout_size(PangoLayout *l, unsigned start, unsigned end, double size);
/* Underlines bytes [start, end) of a layout's text (a filled-in blank). */
void pdf_layout_underline(PangoLayout *l, unsigned start, unsigned end);

/* Content laid out for width w; text and options are appended below what is there. */
struct pdf_content *pdf_content_new(struct pdf_doc *d, double w);
/* Appends every line of a layout (which must be at most the content's width), x from the left. */
void pdf_content_layout(struct pdf_doc *d, struct pdf_content *c, PangoLayout *l, double x);
/* Shorthand: a wrapped text in the content's full width. */
struct pdf_content *pdf_text(struct pdf_doc *d, enum pdf_face face, double size, const char *text, double w,
                             PangoAlignment align);
/* Appends items (each kept whole on one line, e.g. "☑民营企业") in as many aligned columns as fit. */
void pdf_content_options(struct pdf_doc *d, struct pdf_content *c, const char *const *items, size_t n,
                         enum pdf_face face, double size);
/* Appends one band holding single-line layouts side by side at the given x. */
void pdf_content_band(struct pdf_doc *d, struct pdf_content *c, PangoLayout *const *ls, const double *xs,
                      size_t n);
void pdf_content_space(struct pdf_doc *d, struct pdf_content *c, double h);

/* Blocks, in reading order. Cells and contents are copied/kept; keep_with_next keeps a block on
 * the page of (the start of) the next one. */
void pdf_add_row(struct pdf_doc *d, const struct pdf_cell *cells, size_t n, bool keep_with_next);
/* A paragraph at x from the margin; may continue on the next page between lines (never leaving a
 * single line behind or ahead). Space before is dropped at the top of a page. */
void pdf_add_para(struct pdf_doc *d, struct pdf_content *c, double x, double before, double after,
                  bool keep_with_next);
void pdf_add_space(struct pdf_doc *d, double h);
/* A figure h high, never split. At page_bottom it is placed at the bottom of the content area. */
void pdf_add_figure(struct pdf_doc *d, struct pdf_figure *f, double h, bool keep_with_next);
void pdf_add_page_break(struct pdf_doc *d);

struct pdf_figure *pdf_figure_new(struct pdf_doc *d);
void pdf_figure_text(struct pdf_doc *d, struct pdf_figure *f, PangoLayout *l, double x, double y);
void pdf_figure_line(struct pdf_doc *d, struct pdf_figure *f, double x1, double y1, double x2, double y2);
void pdf_figure_rect(struct pdf_doc *d, struct pdf_figure *f, double x, double y, double w, double h);

/* Paginates, draws every page with its footer ("第 x 页 共 y 页") and writes the PDF.
 * Returns 0, -ENOMEM, or -EIO when the writer refused bytes or cairo failed. */
int pdf_render(struct pdf_doc *d, const char *title, docs_write_fn write, void *closure);

/* Paginates without drawing; returns the number of pages (or -ENOMEM). */
int pdf_paginate(struct pdf_doc *d);
/* After pdf_paginate: where the content ends on the last page (from the page's top; the content
 * area ends at PDF_BOTTOM), so a document can give what room is left to a box to write in. */
double pdf_doc_end_y(const struct pdf_doc *d);

/* Lays out a document at a type size (points) from the caller's data. */
typedef void (*pdf_build_fn)(struct pdf_doc *d, double size, const void *data);

/* A document that should stay on one page: built at the largest of sizes (largest first) that
 * keeps it on one page; where even the last (smallest) does not, at the largest size that keeps
 * it on as few pages as the smallest does (it continues, never clipped). Then rendered. Takes the
 * render lock itself. 0, -ENOMEM, -EIO or -EINVAL. */
int pdf_render_fitted(const char *footer_no, bool watermark, const double *sizes, size_t n_sizes,
                      pdf_build_fn build, const void *data, const char *title, docs_write_fn write, void *closure);
