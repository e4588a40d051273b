#include "docs/pdf.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The notice's faces first; where they are not installed fontconfig takes the next family that
 * has the character (docs/documents.md lists the stand-ins). Latin letters and digits come from
 * Times New Roman / Arial or their metric twins (Liberation), as in government documents typeset
 * in Word. The stand-ins are TrueType on purpose: cairo 1.16 embeds the CFF-based Noto CJK fonts
 * with all of their ideograph subroutines (~0.5 MB and ~100 ms more per document); Noto stays
 * last, for machines without the TrueType ones. */
static const char *const face_families[PDF_FACE_COUNT_] = {
        [PDF_FANGSONG] = "Times New Roman,FangSong,仿宋,AR PL UMing CN,Noto Serif CJK SC",
        [PDF_HEI] = "Arial,SimHei,黑体,WenQuanYi Zen Hei,Noto Sans CJK SC",
        [PDF_KAI] = "Times New Roman,KaiTi,楷体,AR PL UKai CN,Noto Serif CJK SC",
        [PDF_MONO] = "DejaVu Sans Mono,Liberation Mono,Noto Sans Mono CJK SC",
};

const char *pdf_family(enum pdf_face face)
{
        return face >= 0 && face < PDF_FACE_COUNT_ ? face_families[face] : face_families[PDF_FANGSONG];
}

/* The same without the Latin face: for punctuation that is full width in Chinese text (“” —— …). */
static const char *const face_cjk_families[PDF_FACE_COUNT_] = {
        [PDF_FANGSONG] = "FangSong,仿宋,AR PL UMing CN,Noto Serif CJK SC",
        [PDF_HEI] = "SimHei,黑体,WenQuanYi Zen Hei,Noto Sans CJK SC",
        [PDF_KAI] = "KaiTi,楷体,AR PL UKai CN,Noto Serif CJK SC",
        [PDF_MONO] = "DejaVu Sans Mono,Liberation Mono,Noto Sans Mono CJK SC",
};

/* ☐ and ☑: the CJK fonts have no ballot boxes; without a family fontconfig might take each from
 * a different font. */
#define BOX_FAMILY "DejaVu Sans"

/* "Single line spacing" the way Word sets CJK text: 1.3 times the size, whatever the font says,
 * so that lines with and without Latin characters are spaced alike. */
#define LINE_HEIGHT 1.3

#define DESC_CACHE_MAX 64
#define EPS 0.01

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;
static int init_result = -EIO;
static PangoFontMap *fontmap;
static PangoContext *pctx;
static struct {
        enum pdf_face face;
        int centipoints;
        PangoFontDescription *desc;
} desc_cache[DESC_CACHE_MAX];
static size_t n_desc_cache;

/* Owned by the module, released at exit so that leak checkers see a clean process; left alone
 * if a render is still running in another thread. */
static void pdf_fini(void)
{
        if (pthread_mutex_trylock(&render_lock) != 0)
                return;
        for (size_t i = 0; i < n_desc_cache; i++)
                pango_font_description_free(desc_cache[i].desc);
        n_desc_cache = 0;
        if (pctx)
                g_object_unref(pctx);
        if (fontmap)
                g_object_unref(fontmap);
        pctx = NULL;
        fontmap = NULL;
        /* not cairo_debug_reset_static_data(): it asserts when any other cairo user (the summary
         * table's renderer) still holds fonts at exit; tests/lsan.supp covers cairo's caches */
        pthread_mutex_unlock(&render_lock);
}

static PangoFontDescription *face_desc(enum pdf_face face, double size)
{
        int cp = (int) (size * 100 + 0.5);

        for (size_t i = 0; i < n_desc_cache; i++)
                if (desc_cache[i].face == face && desc_cache[i].centipoints == cp)
                        return desc_cache[i].desc;
        PangoFontDescription *d = pango_font_description_new();
        pango_font_description_set_family(d, face_families[face]);
        pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
        if (n_desc_cache < DESC_CACHE_MAX) {
                desc_cache[n_desc_cache].face = face;
                desc_cache[n_desc_cache].centipoints = cp;
                desc_cache[n_desc_cache].desc = d;
                n_desc_cache++;
                return d;
        }
        /* Not reached with the documents' handful of sizes; kept bounded anyway. */
        pango_font_description_free(desc_cache[0].desc);
        desc_cache[0].face = face;
        desc_cache[0].centipoints = cp;
        desc_cache[0].desc = d;
        return d;
}

static void init(void)
{
        fontmap = pango_cairo_font_map_new();
        if (!fontmap)
                return;
        /* 1 unit = 1 pt, as on the PDF surface. */
        pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fontmap), 72.0);
        pctx = pango_font_map_create_context(fontmap);
        if (!pctx)
                return;
        /* Unhinted metrics: layout is the same whatever draws it. */
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        pango_cairo_context_set_font_options(pctx, fo);
        cairo_font_options_destroy(fo);
        pango_context_set_language(pctx, pango_language_from_string("zh-cn"));
        pango_context_set_round_glyph_positions(pctx, FALSE);

        /* Load every face now: the first request should not pay for fontconfig. */
        for (int f = 0; f < PDF_FACE_COUNT_; f++) {
                PangoLayout *l = pango_layout_new(pctx);
                pango_layout_set_font_description(l, face_desc((enum pdf_face) f, PT_XIAOSI));
                pango_layout_set_text(l, "申报表 ☐☑ 0123 abc", -1);
                PangoRectangle r;
                pango_layout_get_extents(l, NULL, &r);
                g_object_unref(l);
        }
        atexit(pdf_fini);
        init_result = 0;
}

int pdf_init(void)
{
        pthread_once(&init_once, init);
        return init_result;
}

int docs_init(void)
{
        return pdf_init();
}

void pdf_lock(void)
{
        pthread_mutex_lock(&render_lock);
}

void pdf_unlock(void)
{
        pthread_mutex_unlock(&render_lock);
}

/* ---- the document ----------------------------------------------------------------------- */

enum block_kind { B_PARA, B_ROW, B_SPACE, B_FIGURE, B_PAGE_BREAK };

struct block {
        enum block_kind kind;
        struct pdf_content *c;          /* PARA */
        double x, before, after;        /* PARA */
        struct pdf_cell *cells;         /* ROW */
        size_t n_cells;
        struct pdf_figure *fig;         /* FIGURE */
        double h;                       /* SPACE, FIGURE */
        double pad_y;                   /* ROW: text to top and bottom border */
        bool keep;
};

/* One block, or a part of it, on a page. */
struct place {
        size_t block;
        int page;
        double y, h;
        size_t from, to;                /* bands of the paragraph or of the row's body cell */
        bool cont;                      /* continues from the previous page */
};

struct pdf_doc {
        char *footer_no;
        char *note;                     /* top right of every page, or NULL */
        bool watermark;
        bool oom;
        double pad_y;
        PangoLayout **layouts;
        size_t n_layouts, cap_layouts;
        struct pdf_content **contents;
        size_t n_contents, cap_contents;
        struct pdf_figure **figures;
        size_t n_figures, cap_figures;
        struct block *blocks;
        size_t n_blocks, cap_blocks;
        struct place *places;
        size_t n_places, cap_places;
        int pages;
        double end_y;                   /* where the content ends on the last page */
};

/* Grows *arr (of size elements) to hold one more; false (and d->oom) when out of memory. */
static bool grow(struct pdf_doc *d, void **arr, size_t *cap, size_t n, size_t size)
{
        if (d->oom)
                return false;
        if (n < *cap)
                return true;
        size_t nc = *cap ? *cap * 2 : 16;
        void *p = realloc(*arr, nc * size);
        if (!p) {
                d->oom = true;
                return false;
        }
        *arr = p;
        *cap = nc;
        return true;
}

#define GROW(d, arr, cap, n) grow((d), (void **) &(arr), &(cap), (n), sizeof *(arr))

struct pdf_doc *pdf_doc_new(const char *footer_no, bool watermark)
{
        struct pdf_doc *d = calloc(1, sizeof *d);

        if (!d)
                return NULL;
        d->footer_no = strdup(footer_no ? footer_no : "");
        if (!d->footer_no) {
                free(d);
                return NULL;
        }
        d->watermark = watermark;
        d->pad_y = PDF_PAD_Y;
        return d;
}

void pdf_doc_free(struct pdf_doc *d)
{
        if (!d)
                return;
        for (size_t i = 0; i < d->n_layouts; i++)
                g_object_unref(d->layouts[i]);
        free(d->layouts);
        for (size_t i = 0; i < d->n_contents; i++) {
                free(d->contents[i]->bands);
                free(d->contents[i]->segs);
                free(d->contents[i]);
        }
        free(d->contents);
        for (size_t i = 0; i < d->n_figures; i++) {
                free(d->figures[i]->ops);
                free(d->figures[i]);
        }
        free(d->figures);
        for (size_t i = 0; i < d->n_blocks; i++)
                free(d->blocks[i].cells);
        free(d->blocks);
        free(d->places);
        free(d->footer_no);
        free(d->note);
        free(d);
}

void pdf_doc_set_note(struct pdf_doc *d, const char *note)
{
        free(d->note);
        d->note = note && *note ? strdup(note) : NULL;
        if (note && *note && !d->note)
                d->oom = true;
}

/* ---- text ------------------------------------------------------------------------------- */

static void add_family(PangoAttrList *attrs, const char *family, size_t start, size_t end)
{
        PangoAttribute *a = pango_attr_family_new(family);

        a->start_index = (guint) start;
        a->end_index = (guint) end;
        pango_attr_list_insert(attrs, a);
}

/* Line height, and the characters that must not come from the Latin face. */
static void set_attributes(PangoLayout *l, const char *text, enum pdf_face face, double size)
{
        PangoAttrList *attrs = pango_attr_list_new();

        pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute(
                                              (int) (size * LINE_HEIGHT * PANGO_SCALE + 0.5)));
        for (const char *p = text; *p; p++) {
                const unsigned char *u = (const unsigned char *) p;
                size_t at = (size_t) (p - text);
                if (u[0] == 0xE2 && u[1] == 0x98 && (u[2] == 0x90 || u[2] == 0x91)) {
                        add_family(attrs, BOX_FAMILY, at, at + 3);              /* ☐ ☑ */
                        /* as tall as a character, and as low */
                        PangoAttribute *a = pango_attr_scale_new(1.2);
                        a->start_index = (guint) at;
                        a->end_index = (guint) at + 3;
                        pango_attr_list_insert(attrs, a);
                        a = pango_attr_rise_new(-(int) (size * 0.08 * PANGO_SCALE));
                        a->start_index = (guint) at;
                        a->end_index = (guint) at + 3;
                        pango_attr_list_insert(attrs, a);
                        p += 2;
                } else if (u[0] == 0xE2 && u[1] == 0x80 &&
                           (u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9C || u[2] == 0x9D || u[2] == 0x94 ||
                            u[2] == 0xA6)) {
                        add_family(attrs, face_cjk_families[face], at, at + 3); /* ‘ ’ “ ” — … */
                        p += 2;
                } else if (u[0] == 0xC2 && u[1] == 0xB7) {
                        add_family(attrs, face_cjk_families[face], at, at + 2); /* · */
                        p += 1;
                }
        }
        pango_layout_set_attributes(l, attrs);
        pango_attr_list_unref(attrs);
}

PangoLayout *pdf_layout(struct pdf_doc *d, enum pdf_face face, double size, const char *text, double width,
                        PangoAlignment align)
{
        if (!GROW(d, d->layouts, d->cap_layouts, d->n_layouts))
                return NULL;
        PangoLayout *l = pango_layout_new(pctx);
        pango_layout_set_font_description(l, face_desc(face, size));
        if (width > 0) {
                pango_layout_set_width(l, pango_units_from_double(width));
                pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        }
        pango_layout_set_alignment(l, align);
        if (!text)
                text = "";
        pango_layout_set_text(l, text, -1);
        set_attributes(l, text, face, size);
        d->layouts[d->n_layouts++] = l;
        return l;
}

void pdf_layout_balance(PangoLayout *l)
{
        int lines = pango_layout_get_line_count(l), hi = pango_layout_get_width(l), lo = 0;

        if (lines < 2 || hi <= 0)
                return;
        /* the narrowest width that keeps the number of lines: lines come out about equally long */
        while (hi - lo > PANGO_SCALE / 4) {
                int mid = lo + (hi - lo) / 2;
                pango_layout_set_width(l, mid);
                if (pango_layout_get_line_count(l) > lines)
                        lo = mid;
                else
                        hi = mid;
        }
        pango_layout_set_width(l, hi);
}

double pdf_layout_w(PangoLayout *l)
{
        PangoRectangle r;

        pango_layout_get_extents(l, NULL, &r);
        return pango_units_to_double(r.width);
}

double pdf_layout_h(PangoLayout *l)
{
        PangoRectangle r;

        pango_layout_get_extents(l, NULL, &r);
        return pango_units_to_double(r.height);
}

void pdf_layout_size(PangoLayout *l, unsigned start, unsigned end, double size)
{
        PangoAttrList *attrs = pango_layout_get_attributes(l);

        attrs = attrs ? pango_attr_list_copy(attrs) : pango_attr_list_new();
        PangoAttribute *a = pango_attr_size_new_absolute((int) (size * PANGO_SCALE + 0.5));
        a->start_index = start;
        a->end_index = end;
        pango_attr_list_insert(attrs, a);
        pango_layout_set_attributes(l, attrs);
        pango_attr_list_unref(attrs);
}

void pdf_layout_underline(PangoLayout *l, unsigned start, unsigned end)
{
        PangoAttrList *attrs = pango_layout_get_attributes(l);

        attrs = attrs ? pango_attr_list_copy(attrs) : pango_attr_list_new();
        PangoAttribute *a = pango_attr_underline_new(PANGO_UNDERLINE_SINGLE);
        a->start_index = start;
        a->end_index = end;
        pango_attr_list_insert(attrs, a);
        pango_layout_set_attributes(l, attrs);
        pango_attr_list_unref(attrs);
}

/* ---- content ---------------------------------------------------------------------------- */

struct pdf_content *pdf_content_new(struct pdf_doc *d, double w)
{
        if (!GROW(d, d->contents, d->cap_contents, d->n_contents))
                return NULL;
        struct pdf_content *c = calloc(1, sizeof *c);
        if (!c) {
                d->oom = true;
                return NULL;
        }
        c->w = w;
        d->contents[d->n_contents++] = c;
        return c;
}

static bool add_band(struct pdf_doc *d, struct pdf_content *c, double h, const struct pdf_seg *segs, size_t n)
{
        if (!c || !GROW(d, c->bands, c->cap_bands, c->n_bands))
                return false;
        size_t first = c->n_segs;
        for (size_t i = 0; i < n; i++) {
                if (!GROW(d, c->segs, c->cap_segs, c->n_segs))
                        return false;
                c->segs[c->n_segs++] = segs[i];
        }
        c->bands[c->n_bands++] = (struct pdf_band){ .h = h, .first = first, .n = n };
        c->h += h;
        return true;
}

void pdf_content_layout(struct pdf_doc *d, struct pdf_content *c, PangoLayout *l, double x)
{
        if (!c || !l)
                return;
        PangoLayoutIter *it = pango_layout_get_iter(l);
        do {
                PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
                PangoRectangle log, line_log;
                pango_layout_iter_get_line_extents(it, NULL, &log);
                pango_layout_line_get_extents(line, NULL, &line_log);
                struct pdf_seg s = {
                        .line = line,
                        .x = x + pango_units_to_double(log.x - line_log.x),
                        .baseline = pango_units_to_double(pango_layout_iter_get_baseline(it) - log.y),
                };
                if (!add_band(d, c, pango_units_to_double(log.height), &s, 1))
                        break;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
}

struct pdf_content *pdf_text(struct pdf_doc *d, enum pdf_face face, double size, const char *text, double w,
                             PangoAlignment align)
{
        struct pdf_content *c = pdf_content_new(d, w);

        pdf_content_layout(d, c, pdf_layout(d, face, size, text, w, align), 0);
        return c;
}

void pdf_content_band(struct pdf_doc *d, struct pdf_content *c, PangoLayout *const *ls, const double *xs, size_t n)
{
        double above = 0, below = 0;
        struct pdf_seg segs[16];

        if (!c || n > 16)
                return;
        for (size_t i = 0; i < n; i++) {
                if (!ls[i])
                        return;
                PangoLayoutLine *line = pango_layout_get_line_readonly(ls[i], 0);
                PangoRectangle log;
                pango_layout_line_get_extents(line, NULL, &log);
                /* in line coordinates the baseline is y = 0 and log.y (the ascent) negative */
                above = pdf_max(above, -pango_units_to_double(log.y));
                below = pdf_max(below, pango_units_to_double(log.y + log.height));
                segs[i] = (struct pdf_seg){ .line = line, .x = xs[i] - pango_units_to_double(log.x) };
        }
        for (size_t i = 0; i < n; i++)
                segs[i].baseline = above;
        add_band(d, c, above + below, segs, n);
}

void pdf_content_space(struct pdf_doc *d, struct pdf_content *c, double h)
{
        add_band(d, c, h, NULL, 0);
}

/* Column widths when n items are laid out row by row in k columns; returns the total width. */
static double columns(const double *w, size_t n, size_t k, double gap, double *colw)
{
        double total = gap * (double) (k - 1);

        for (size_t j = 0; j < k; j++) {
                colw[j] = 0;
                for (size_t i = j; i < n; i += k)
                        colw[j] = pdf_max(colw[j], w[i]);
                total += colw[j];
        }
        return total;
}

void pdf_content_options(struct pdf_doc *d, struct pdf_content *c, const char *const *items, size_t n,
                         enum pdf_face face, double size)
{
        PangoLayout *ls[16], *row[16];
        double w[16], colw[16], xs[16];
        size_t cols = 0;

        if (!c || n == 0 || n > 16)
                return;
        for (size_t i = 0; i < n; i++) {
                ls[i] = pdf_layout(d, face, size, items[i], -1, PANGO_ALIGN_LEFT);
                if (!ls[i])
                        return;
                w[i] = pdf_layout_w(ls[i]);
        }
        for (size_t k = n; k >= 1 && !cols; k--)
                if (columns(w, n, k, size, colw) <= c->w + EPS)
                        cols = k;
        if (!cols) {
                /* an option wider than the cell: one per line, wrapped */
                for (size_t i = 0; i < n; i++)
                        pdf_content_layout(d, c, pdf_layout(d, face, size, items[i], c->w, PANGO_ALIGN_LEFT), 0);
                return;
        }
        /* as few columns as give the same number of rows: 2 + 2 rather than 3 + 1 */
        size_t rows = (n + cols - 1) / cols;
        cols = (n + rows - 1) / rows;
        double used = columns(w, n, cols, 0, colw);
        double gap = cols > 1 ? pdf_min((c->w - used) / (double) (cols - 1), 2.5 * size) : 0;
        for (size_t r = 0; r < rows; r++) {
                size_t m = 0;
                double x = 0;
                for (size_t j = 0; j < cols && r * cols + j < n; j++) {
                        xs[m] = x;
                        row[m++] = ls[r * cols + j];
                        x += colw[j] + gap;
                }
                pdf_content_band(d, c, row, xs, m);
        }
}

/* ---- blocks ----------------------------------------------------------------------------- */

static struct block *add_block(struct pdf_doc *d, enum block_kind kind, bool keep)
{
        if (!GROW(d, d->blocks, d->cap_blocks, d->n_blocks))
                return NULL;
        struct block *b = &d->blocks[d->n_blocks++];
        *b = (struct block){ .kind = kind, .keep = keep };
        return b;
}

void pdf_add_row(struct pdf_doc *d, const struct pdf_cell *cells, size_t n, bool keep_with_next)
{
        struct pdf_cell *copy = malloc(n * sizeof *copy);

        if (!copy) {
                d->oom = true;
                return;
        }
        for (size_t i = 0; i < n; i++)
                if (!cells[i].c)
                        d->oom = true;          /* a content that could not be made */
        memcpy(copy, cells, n * sizeof *copy);
        struct block *b = add_block(d, B_ROW, keep_with_next);
        if (!b) {
                free(copy);
                return;
        }
        b->cells = copy;
        b->n_cells = n;
        b->pad_y = d->pad_y;
}

void pdf_doc_set_pad_y(struct pdf_doc *d, double pad_y)
{
        d->pad_y = pad_y;
}

void pdf_add_para(struct pdf_doc *d, struct pdf_content *c, double x, double before, double after,
                  bool keep_with_next)
{
        if (!c) {
                d->oom = true;
                return;
        }
        struct block *b = add_block(d, B_PARA, keep_with_next);
        if (b) {
                b->c = c;
                b->x = x;
                b->before = before;
                b->after = after;
        }
}

void pdf_add_space(struct pdf_doc *d, double h)
{
        struct block *b = add_block(d, B_SPACE, false);
        if (b)
                b->h = h;
}

void pdf_add_figure(struct pdf_doc *d, struct pdf_figure *f, double h, bool keep_with_next)
{
        if (!f) {
                d->oom = true;
                return;
        }
        struct block *b = add_block(d, B_FIGURE, keep_with_next);
        if (b) {
                b->fig = f;
                b->h = h;
        }
}

void pdf_add_page_break(struct pdf_doc *d)
{
        add_block(d, B_PAGE_BREAK, false);
}

struct pdf_figure *pdf_figure_new(struct pdf_doc *d)
{
        if (!GROW(d, d->figures, d->cap_figures, d->n_figures))
                return NULL;
        struct pdf_figure *f = calloc(1, sizeof *f);
        if (!f) {
                d->oom = true;
                return NULL;
        }
        d->figures[d->n_figures++] = f;
        return f;
}

static void figure_op(struct pdf_doc *d, struct pdf_figure *f, struct pdf_op op)
{
        if (!f || !GROW(d, f->ops, f->cap, f->n))
                return;
        f->ops[f->n++] = op;
}

void pdf_figure_text(struct pdf_doc *d, struct pdf_figure *f, PangoLayout *l, double x, double y)
{
        if (l)
                figure_op(d, f, (struct pdf_op){ .kind = PDF_OP_TEXT, .layout = l, .x1 = x, .y1 = y });
}

void pdf_figure_line(struct pdf_doc *d, struct pdf_figure *f, double x1, double y1, double x2, double y2)
{
        figure_op(d, f, (struct pdf_op){ .kind = PDF_OP_LINE, .x1 = x1, .y1 = y1, .x2 = x2, .y2 = y2 });
}

void pdf_figure_rect(struct pdf_doc *d, struct pdf_figure *f, double x, double y, double w, double h)
{
        figure_op(d, f, (struct pdf_op){ .kind = PDF_OP_RECT, .x1 = x, .y1 = y, .x2 = w, .y2 = h });
}

/* ---- pagination ------------------------------------------------------------------------- */

static int body_cell(const struct block *b)
{
        for (size_t i = 0; i < b->n_cells; i++)
                if (b->cells[i].body)
                        return (int) i;
        return -1;
}

static double bands_h(const struct pdf_content *c, size_t from, size_t to)
{
        double h = 0;

        for (size_t i = from; i < to && i < c->n_bands; i++)
                h += c->bands[i].h;
        return h;
}

/* The bands a block may be split between: 0 when it is never split. */
static size_t units(const struct block *b)
{
        if (b->kind == B_PARA)
                return b->c->n_bands;
        if (b->kind == B_ROW) {
                int bi = body_cell(b);
                return bi < 0 ? 0 : b->cells[bi].c->n_bands;
        }
        return 0;
}

static const struct pdf_content *cell_content(const struct pdf_cell *cell, bool cont)
{
        return cont && cell->cont ? cell->cont : cell->c;
}

/* Height of bands [from, to) of a block (a whole unsplittable block when it has no units). */
static double frag_h(const struct block *b, size_t from, size_t to, bool cont)
{
        switch (b->kind) {
        case B_PARA:
                return bands_h(b->c, from, to);
        case B_ROW: {
                double h = 0;
                for (size_t i = 0; i < b->n_cells; i++) {
                        const struct pdf_cell *cell = &b->cells[i];
                        double ch = cell->body ? bands_h(cell->c, from, to) : cell_content(cell, cont)->h;
                        h = pdf_max(h, ch);
                }
                return h + 2 * b->pad_y;
        }
        case B_FIGURE:
        case B_SPACE:
                return b->h;
        case B_PAGE_BREAK:
                return 0;
        }
        return 0;
}

/* The least of a block that may start a page's last lines: two lines of a long text. */
static double min_start_h(const struct block *b)
{
        size_t n = units(b);

        if (b->kind == B_PAGE_BREAK)
                return 0;
        if (n >= 4)
                return frag_h(b, 0, 2, false) + (b->kind == B_PARA ? b->before : 0);
        return frag_h(b, 0, n, false) + (b->kind == B_PARA ? b->before + b->after : 0);
}

static bool place(struct pdf_doc *d, size_t block, int page, double y, double h, size_t from, size_t to,
                  bool cont)
{
        if (!GROW(d, d->places, d->cap_places, d->n_places))
                return false;
        d->places[d->n_places++] = (struct place){ .block = block, .page = page, .y = y, .h = h, .from = from,
                                                   .to = to, .cont = cont };
        return true;
}

int pdf_paginate(struct pdf_doc *d)
{
        int page = 0;
        double y = PDF_MARGIN_TOP;
        bool empty = true;

        d->n_places = 0;
        for (size_t i = 0; i < d->n_blocks && !d->oom; i++) {
                const struct block *b = &d->blocks[i];
                if (b->kind == B_PAGE_BREAK) {
                        if (!empty) {
                                page++;
                                y = PDF_MARGIN_TOP;
                                empty = true;
                        }
                        continue;
                }
                if (b->kind == B_SPACE) {
                        if (!empty)
                                y += b->h;
                        continue;
                }
                size_t n = units(b), from = 0;
                bool cont = false;
                for (;;) {
                        double before = empty || from > 0 ? 0 : (b->kind == B_PARA ? b->before : 0);
                        double after = b->kind == B_PARA ? b->after : 0;
                        double rest = frag_h(b, from, n, cont);
                        double need = before + rest + after;
                        if (b->keep && i + 1 < d->n_blocks)
                                need += min_start_h(&d->blocks[i + 1]);
                        if (y + need <= PDF_BOTTOM + EPS || (empty && n - from < 2)) {
                                place(d, i, page, y + before, rest, from, n, cont);
                                y += before + rest + after;
                                empty = false;
                                break;
                        }
                        /* the largest first part that fits, leaving two lines on each side */
                        size_t k = 0;
                        for (size_t t = from + 1; t < n; t++) {
                                bool orphans = t - from >= 2 || n - from < 4;
                                bool widows = n - t >= 2 || n - from < 4;
                                if (orphans && widows && y + before + frag_h(b, from, t, cont) <= PDF_BOTTOM + EPS)
                                        k = t;
                        }
                        if (!k && empty && n - from >= 2) {
                                /* a page is not enough even empty: any part that fits, at least a line */
                                k = from + 1;
                                for (size_t t = from + 1; t < n; t++)
                                        if (y + frag_h(b, from, t, cont) <= PDF_BOTTOM + EPS)
                                                k = t;
                        }
                        if (k) {
                                place(d, i, page, y + before, frag_h(b, from, k, cont), from, k, cont);
                                from = k;
                                cont = true;
                        }
                        if (!empty || k) {
                                page++;
                                y = PDF_MARGIN_TOP;
                                empty = true;
                                continue;
                        }
                        /* unsplittable and taller than a page: it overflows, rather than loop */
                        place(d, i, page, y + before, rest, from, n, cont);
                        y += before + rest + after;
                        empty = false;
                        break;
                }
        }
        if (d->oom)
                return -ENOMEM;
        d->pages = page + 1;
        d->end_y = y;
        return d->pages;
}

double pdf_doc_end_y(const struct pdf_doc *d)
{
        return d->end_y;
}

/* ---- drawing ---------------------------------------------------------------------------- */

static void draw_bands(cairo_t *cr, const struct pdf_content *c, size_t from, size_t to, double x, double y)
{
        for (size_t i = from; i < to && i < c->n_bands; i++) {
                const struct pdf_band *band = &c->bands[i];
                for (size_t j = 0; j < band->n; j++) {
                        const struct pdf_seg *s = &c->segs[band->first + j];
                        cairo_move_to(cr, x + s->x, y + s->baseline);
                        pango_cairo_show_layout_line(cr, s->line);
                }
                y += band->h;
        }
}

static void line(cairo_t *cr, double x1, double y1, double x2, double y2)
{
        cairo_move_to(cr, x1, y1);
        cairo_line_to(cr, x2, y2);
        cairo_stroke(cr);
}

/* A row's part: borders (its top only where the row above on this page does not end), cells. */
static void draw_row(cairo_t *cr, const struct block *b, const struct place *p, double *last_bottom)
{
        double x0 = PDF_MARGIN_X;
        const struct pdf_cell *lastc = &b->cells[b->n_cells - 1];
        double x1 = x0 + lastc->x + lastc->w;

        if (*last_bottom - p->y > EPS || p->y - *last_bottom > EPS)
                line(cr, x0, p->y, x1, p->y);
        line(cr, x0, p->y + p->h, x1, p->y + p->h);
        for (size_t i = 0; i < b->n_cells; i++)
                line(cr, x0 + b->cells[i].x, p->y, x0 + b->cells[i].x, p->y + p->h);
        line(cr, x1, p->y, x1, p->y + p->h);
        *last_bottom = p->y + p->h;

        for (size_t i = 0; i < b->n_cells; i++) {
                const struct pdf_cell *cell = &b->cells[i];
                const struct pdf_content *c = cell->body ? cell->c : cell_content(cell, p->cont);
                size_t from = cell->body ? p->from : 0, to = cell->body ? p->to : c->n_bands;
                double ch = bands_h(c, from, to);
                double inner = p->h - 2 * b->pad_y;
                double dy = cell->valign == PDF_MIDDLE ? (inner - ch) / 2 : 0;
                draw_bands(cr, c, from, to, x0 + cell->x + PDF_PAD_X, p->y + b->pad_y + dy);
        }
}

static void draw_figure(cairo_t *cr, const struct pdf_figure *f, double y)
{
        for (size_t i = 0; i < f->n; i++) {
                const struct pdf_op *op = &f->ops[i];
                switch (op->kind) {
                case PDF_OP_TEXT:
                        cairo_move_to(cr, PDF_MARGIN_X + op->x1, y + op->y1);
                        pango_cairo_show_layout(cr, op->layout);
                        break;
                case PDF_OP_LINE:
                        line(cr, PDF_MARGIN_X + op->x1, y + op->y1, PDF_MARGIN_X + op->x2, y + op->y2);
                        break;
                case PDF_OP_RECT:
                        cairo_rectangle(cr, PDF_MARGIN_X + op->x1, y + op->y1, op->x2, op->y2);
                        cairo_stroke(cr);
                        break;
                }
        }
}

/* A layout for one page only (footer, watermark): the caller unrefs it. */
static PangoLayout *temp_layout(enum pdf_face face, double size, const char *text)
{
        PangoLayout *l = pango_layout_new(pctx);

        pango_layout_set_font_description(l, face_desc(face, size));
        pango_layout_set_text(l, text, -1);
        return l;
}

static void draw_watermark(cairo_t *cr)
{
        PangoLayout *l = temp_layout(PDF_HEI, 160, "草稿");

        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.87, 0.87, 0.87);
        cairo_translate(cr, PDF_PAGE_W / 2, PDF_PAGE_H / 2);
        /* along the diagonal: atan(841.89 / 595.28) */
        cairo_rotate(cr, -0.955337);
        cairo_move_to(cr, -pdf_layout_w(l) / 2, -pdf_layout_h(l) / 2);
        pango_cairo_show_layout(cr, l);
        cairo_restore(cr);
        g_object_unref(l);
}

/* Small, in the top margin, ending at the right margin: a state, not part of the content. */
static void draw_note(cairo_t *cr, const struct pdf_doc *d)
{
        PangoLayout *l = temp_layout(PDF_FANGSONG, 9, d->note);

        cairo_move_to(cr, PDF_PAGE_W - PDF_MARGIN_X - pdf_layout_w(l), PDF_MARGIN_TOP - 24 - pdf_layout_h(l));
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
}

static void draw_footer(cairo_t *cr, const struct pdf_doc *d, int page)
{
        char buf[64];
        PangoLayout *no = temp_layout(PDF_FANGSONG, PT_WUHAO, d->footer_no);
        snprintf(buf, sizeof buf, "第 %d 页 共 %d 页", page + 1, d->pages);
        PangoLayout *pg = temp_layout(PDF_FANGSONG, PT_WUHAO, buf);
        double y = PDF_PAGE_H - 48;

        cairo_move_to(cr, PDF_MARGIN_X, y);
        pango_cairo_show_layout(cr, no);
        cairo_move_to(cr, PDF_PAGE_W - PDF_MARGIN_X - pdf_layout_w(pg), y);
        pango_cairo_show_layout(cr, pg);
        g_object_unref(no);
        g_object_unref(pg);
}

struct sink {
        docs_write_fn write;
        void *closure;
        bool failed;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int n)
{
        struct sink *s = closure;

        if (s->failed || s->write(s->closure, data, n) < 0) {
                s->failed = true;
                return CAIRO_STATUS_WRITE_ERROR;
        }
        return CAIRO_STATUS_SUCCESS;
}

int pdf_render(struct pdf_doc *d, const char *title, docs_write_fn write, void *closure)
{
        struct sink sink = { .write = write, .closure = closure };

        if (pdf_paginate(d) < 0)
                return -ENOMEM;
        cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(sink_write, &sink, PDF_PAGE_W, PDF_PAGE_H);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "shenbao");
        cairo_t *cr = cairo_create(surface);
        cairo_set_line_width(cr, PDF_RULE);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);

        size_t k = 0;
        for (int page = 0; page < d->pages; page++) {
                double last_bottom = -1;
                if (d->watermark)
                        draw_watermark(cr);
                cairo_set_source_rgb(cr, 0, 0, 0);
                for (; k < d->n_places && d->places[k].page == page; k++) {
                        const struct place *p = &d->places[k];
                        const struct block *b = &d->blocks[p->block];
                        switch (b->kind) {
                        case B_PARA:
                                draw_bands(cr, b->c, p->from, p->to, PDF_MARGIN_X + b->x, p->y);
                                break;
                        case B_ROW:
                                draw_row(cr, b, p, &last_bottom);
                                break;
                        case B_FIGURE:
                                draw_figure(cr, b->fig, p->y);
                                break;
                        case B_SPACE:
                        case B_PAGE_BREAK:
                                break;
                        }
                }
                if (d->note)
                        draw_note(cr, d);
                draw_footer(cr, d, page);
                cairo_show_page(cr);
        }
        cairo_destroy(cr);
        cairo_surface_finish(surface);
        cairo_status_t st = cairo_surface_status(surface);
        cairo_surface_destroy(surface);
        if (sink.failed || st != CAIRO_STATUS_SUCCESS)
                return -EIO;
        return 0;
}

/* Pages of the document built at a size; negative when out of memory. */
static int pages_at(const char *footer_no, bool watermark, double size, pdf_build_fn build, const void *data)
{
        struct pdf_doc *t = pdf_doc_new(footer_no, watermark);

        if (!t)
                return -ENOMEM;
        build(t, size, data);
        int n = pdf_paginate(t);
        pdf_doc_free(t);
        return n;
}

int pdf_render_fitted(const char *footer_no, bool watermark, const double *sizes, size_t n_sizes,
                      pdf_build_fn build, const void *data, const char *title, docs_write_fn write, void *closure)
{
        int err = -ENOMEM;

        if (pdf_init() < 0)
                return -EIO;
        if (n_sizes == 0)
                return -EINVAL;
        pdf_lock();
        /* the usual case: the largest size fits, and that document is the one written */
        struct pdf_doc *d = pdf_doc_new(footer_no, watermark);
        int pages = -ENOMEM;
        if (d) {
                build(d, sizes[0], data);
                pages = pdf_paginate(d);
        }
        /* else as few pages as the smallest size gives (one when it can), at the largest size that
         * gives them: sizes[lo] does, or lo is the last one */
        int least = pages > 1 && n_sizes > 1 ? pages_at(footer_no, watermark, sizes[n_sizes - 1], build, data) : pages;
        size_t lo = 1, hi = n_sizes - 1;
        while (least > 0 && pages > least && lo < hi) {
                size_t mid = (lo + hi) / 2;
                int np = pages_at(footer_no, watermark, sizes[mid], build, data);
                if (np < 0)
                        break;
                if (np <= least)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        if (d && least > 0 && pages > least) {
                pdf_doc_free(d);
                d = pdf_doc_new(footer_no, watermark);
                if (d)
                        build(d, sizes[lo], data);
        }
        if (d && pages > 0 && least > 0)
                err = pdf_render(d, title, write, closure);
        pdf_doc_free(d);
        pdf_unlock();
        return err;
}
