/* The 申报回执: one page the applicant keeps to prove what it submitted, when, and to whom —
 * every attachment with its SHA-256. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "docs/docs.h"
#include "docs/pdf.h"
#include "docs/pdf_fmt.h"

#define W PDF_CONTENT_W
#define LABEL_W 110.0
#define INNER(w) ((w) - 2 * PDF_PAD_X)

struct row {
        struct pdf_cell cells[4];
        size_t n;
        double x;
};

static void put_cell(struct row *r, double w, struct pdf_content *c)
{
        if (r->n < 4)
                r->cells[r->n++] = (struct pdf_cell){ .x = r->x, .w = w, .c = c, .valign = PDF_MIDDLE };
        r->x += w;
}

static void info_row(struct pdf_doc *d, double fs, const char *lab, const char *val)
{
        struct row r = { 0 };

        put_cell(&r, LABEL_W, pdf_text(d, PDF_FANGSONG, fs, lab, INNER(LABEL_W), PANGO_ALIGN_CENTER));
        put_cell(&r, W - LABEL_W, pdf_text(d, PDF_FANGSONG, fs, val, INNER(W - LABEL_W), PANGO_ALIGN_LEFT));
        pdf_add_row(d, r.cells, r.n, false);
}

static char *human_size(int64_t n)
{
        char bytes[48];

        fmt_int(n, bytes);
        if (n < 1024)
                return g_strdup_printf("%s 字节", bytes);
        if (n < 1024 * 1024)
                return g_strdup_printf("%.1f KB（%s 字节）", (double) n / 1024, bytes);
        return g_strdup_printf("%.2f MB（%s 字节）", (double) n / (1024 * 1024), bytes);
}

/* The largest size up to max at which 64 hex digits fit in width. */
static double hash_size(struct pdf_doc *d, double width, double max)
{
        PangoLayout *l = pdf_layout(d, PDF_MONO, 10, "0000000000000000000000000000000000000000000000000000000000000000",
                                    -1, PANGO_ALIGN_LEFT);
        double w10 = l ? pdf_layout_w(l) : 0;
        double s = w10 > 0 ? 10 * width / w10 : max;

        return s < max ? s : max;
}

static void attachments(struct pdf_doc *d, const struct docs_application *a, double fs)
{
        const double c1 = 36, c2 = 114, c3 = W - c1 - c2;
        double hs = hash_size(d, INNER(c3) - 1, fs - 1);
        struct row r = { 0 };
        char *head = g_strdup_printf("提交的附件（共 %zu 个）", a->n_attachments);

        pdf_add_para(d, pdf_text(d, PDF_HEI, fs + 1, head, W, PANGO_ALIGN_LEFT), 0, fs, fs / 2, true);
        g_free(head);
        put_cell(&r, c1, pdf_text(d, PDF_HEI, fs, "序号", INNER(c1), PANGO_ALIGN_CENTER));
        put_cell(&r, c2, pdf_text(d, PDF_HEI, fs, "材料类型", INNER(c2), PANGO_ALIGN_CENTER));
        put_cell(&r, c3, pdf_text(d, PDF_HEI, fs, "文件名、大小、上传时间、SHA-256", INNER(c3), PANGO_ALIGN_CENTER));
        pdf_add_row(d, r.cells, r.n, true);

        for (size_t i = 0; i < a->n_attachments; i++) {
                const struct docs_attachment *att = &a->attachments[i];
                char no[32], when[64];
                snprintf(no, sizeof no, "%zu", i + 1);
                char *size = human_size(att->size);
                char *meta = g_strdup_printf("%s　上传于 %s", size, fmt_beijing_time(att->uploaded_at, when));
                struct pdf_content *c = pdf_content_new(d, INNER(c3));
                PangoLayout *fl = pdf_layout(d, PDF_FANGSONG, fs, att->filename ? att->filename : "", INNER(c3),
                                             PANGO_ALIGN_LEFT);
                PangoLayout *ml = pdf_layout(d, PDF_FANGSONG, fs - 1.5, meta, INNER(c3), PANGO_ALIGN_LEFT);
                if (fl && ml && pango_layout_get_line_count(fl) == 1 &&
                    pdf_layout_w(fl) + fs + pdf_layout_w(ml) <= INNER(c3)) {
                        /* name and, on the right of the same line, size and time */
                        PangoLayout *both[2] = { fl, ml };
                        double xs[2] = { 0, INNER(c3) - pdf_layout_w(ml) };
                        pdf_content_band(d, c, both, xs, 2);
                } else {
                        pdf_content_layout(d, c, fl, 0);
                        pdf_content_layout(d, c, ml, 0);
                }
                PangoLayout *hl = pdf_layout(d, PDF_MONO, hs, att->sha256 ? att->sha256 : "", INNER(c3),
                                             PANGO_ALIGN_LEFT);
                if (hl)
                        pango_layout_set_wrap(hl, PANGO_WRAP_CHAR);
                pdf_content_layout(d, c, hl, 0);
                g_free(size);
                g_free(meta);

                struct row ar = { 0 };
                put_cell(&ar, c1, pdf_text(d, PDF_FANGSONG, fs, no, INNER(c1), PANGO_ALIGN_CENTER));
                put_cell(&ar, c2, pdf_text(d, PDF_FANGSONG, fs, att->kind_label ? att->kind_label : "", INNER(c2),
                                           PANGO_ALIGN_CENTER));
                put_cell(&ar, c3, c);
                pdf_add_row(d, ar.cells, ar.n, false);
        }
}

static void build(struct pdf_doc *d, const struct docs_application *a, double fs)
{
        json_t *unit = fmt_obj(a->form, "unit"), *project = fmt_obj(a->form, "project");
        char when[64];
        char *t;

        /* tighter rows where the type is set small to keep many attachments on the page */
        pdf_doc_set_pad_y(d, pdf_min(PDF_PAD_Y, fs * 0.4));
        pdf_add_para(d, pdf_text(d, PDF_HEI, PT_ERHAO, "申报回执", W, PANGO_ALIGN_CENTER), 0, 0, fs / 2, true);
        pdf_add_para(d, pdf_text(d, PDF_KAI, PT_SIHAO, a->campaign ? a->campaign->title : "", W, PANGO_ALIGN_CENTER), 0,
                     0, fs * 1.2, true);
        info_row(d, fs, "申报编号", a->submission_no ? a->submission_no : "");
        info_row(d, fs, "申报单位", fmt_str(unit, "name"));
        info_row(d, fs, "统一社会信用代码", fmt_str(unit, "credit_code"));
        info_row(d, fs, "项目名称", fmt_str(project, "name"));
        info_row(d, fs, "申报类别", fmt_category(a->campaign, fmt_str(project, "category")));
        t = g_strdup_printf("%s（北京时间）", a->submitted_at ? fmt_beijing_time(a->submitted_at, when) : "");
        info_row(d, fs, "提交时间", t);
        g_free(t);
        info_row(d, fs, "受理单位", a->review_authority ? a->review_authority : "");
        attachments(d, a, fs);

        PangoLayout *note = pdf_layout(
                d, PDF_FANGSONG, fs - 1,
                "说明：SHA-256 值是按文件内容计算的“数字指纹”，文件内容有任何改动，其值都会不同。申报单位请留存"
                "所提交的文件，需要时可用 sha256sum 文件名（Linux、macOS）或 certutil -hashfile 文件名 SHA256"
                "（Windows）重新计算，与本回执所列的值一致，即可证明该文件正是当时提交的材料。",
                W, PANGO_ALIGN_LEFT);
        if (note)
                pango_layout_set_indent(note, pango_units_from_double(2 * (fs - 1)));
        struct pdf_content *c = pdf_content_new(d, W);
        pdf_content_layout(d, c, note, 0);
        pdf_add_para(d, c, 0, fs, 0, false);
}

static void build_receipt(struct pdf_doc *d, double fs, const void *data)
{
        build(d, data, fs);
}

int docs_receipt_pdf(const struct docs_application *a, docs_write_fn write, void *closure)
{
        /* one page: a smaller size when there are many attachments (more than ~20 continue on a second) */
        static const double sizes[] = { PT_XIAOSI, 11, PT_WUHAO, 10, 9.5, 9, 8.5, 8, 7.5, 7 };
        char footer[128];

        snprintf(footer, sizeof footer, "申报编号：%s", a->submission_no && *a->submission_no ? a->submission_no : "未提交");
        char *t = g_strdup_printf("申报回执 %s", a->submission_no ? a->submission_no : "");
        int err = pdf_render_fitted(footer, false, sizes, sizeof sizes / sizeof sizes[0], build_receipt, a, t, write,
                                    closure);
        g_free(t);
        return err;
}
