#include "domain/conflict.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
        enum conflict_reason reason;
        const char *code;
        const char *label;
} reasons[] = {
        { CONFLICT_SAME_UNIT, "same_unit", "现任职于申报单位" },
        { CONFLICT_PARTNER_UNIT, "partner_unit", "任职于合作单位" },
        { CONFLICT_FORMER_UNIT, "former_unit", "曾任职于申报/合作单位" },
        { CONFLICT_SAME_CITY, "same_city", "同一设区市" },
        { CONFLICT_DECLARED, "declared", "专家自行申明" },
        { CONFLICT_MARKED, "marked", "管理员标记" },
};

const char *conflict_code(enum conflict_reason r)
{
        for (size_t i = 0; i < N_OF(reasons); i++)
                if (reasons[i].reason == r)
                        return reasons[i].code;
        return NULL;
}

enum conflict_reason conflict_parse(const char *code)
{
        for (size_t i = 0; code && i < N_OF(reasons); i++)
                if (strcmp(reasons[i].code, code) == 0)
                        return reasons[i].reason;
        return CONFLICT_NONE;
}

const char *conflict_label(enum conflict_reason r)
{
        for (size_t i = 0; i < N_OF(reasons); i++)
                if (reasons[i].reason == r)
                        return reasons[i].label;
        return "";
}

/* ---- names ------------------------------------------------------------------------------- */

/* White space of any kind, and the invisible characters that paste along with it: a name typed
 * "南京 大学" or copied from a web page with a no-break space is the same name. */
static bool is_space(unsigned long cp)
{
        return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 ||
               cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
               cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* Punctuation that is not part of a name when it stands at either end ("南京大学。", "“南京大学”").
 * Brackets are kept: "(南京)" cut to "(南京" would still match, but the names read wrong. */
static bool is_edge_punct(unsigned long cp)
{
        static const unsigned long cjk[] = {
                0x00B7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026,
                0x3001, 0x3002, 0x300A, 0x300B, 0x30FB, 0xFF61, 0xFF64,
        };

        if (cp < 0x80)
                return cp > 0x20 && cp < 0x7F && strchr("!\"#$%&'*+,-./:;<=>?@\\^_`|~", (int) cp);
        for (size_t i = 0; i < N_OF(cjk); i++)
                if (cjk[i] == cp)
                        return true;
        return false;
}

static size_t put_utf8(char *out, unsigned long cp)
{
        if (cp < 0x80) {
                out[0] = (char) cp;
                return 1;
        }
        if (cp < 0x800) {
                out[0] = (char) (0xC0 | (cp >> 6));
                out[1] = (char) (0x80 | (cp & 0x3F));
                return 2;
        }
        if (cp < 0x10000) {
                out[0] = (char) (0xE0 | (cp >> 12));
                out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
                out[2] = (char) (0x80 | (cp & 0x3F));
                return 3;
        }
        out[0] = (char) (0xF0 | (cp >> 18));
        out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char) (0x80 | (cp & 0x3F));
        return 4;
}

/* The normalised name in a new malloc'd string. Every mapping keeps or shortens a character's
 * UTF-8 (a full-width letter is 3 bytes, its half-width 1), so the input's length is enough. */
static char *normalised(const char *in)
{
        size_t len = in ? strlen(in) : 0, n = 0, start, end;
        char *out = malloc(len + 1);

        if (!out)
                return NULL;
        for (size_t i = 0; i < len;) {
                unsigned long cp;
                size_t k = utf8_decode(in + i, len - i, &cp);

                if (k == 0) {           /* not UTF-8: dropped */
                        i++;
                        continue;
                }
                i += k;
                if (cp >= 0xFF01 && cp <= 0xFF5E)
                        cp -= 0xFEE0;   /* （ → (, Ａ → A, ０ → 0 */
                else if (cp == 0x3010)
                        cp = '[';
                else if (cp == 0x3011)
                        cp = ']';
                if (is_space(cp))
                        continue;
                if (cp >= 'A' && cp <= 'Z')
                        cp += 'a' - 'A';
                n += put_utf8(out + n, cp);
        }
        /* punctuation at the ends, a whole character at a time */
        start = 0;
        while (start < n) {
                unsigned long cp;
                size_t k = utf8_decode(out + start, n - start, &cp);

                if (!is_edge_punct(cp))
                        break;
                start += k;
        }
        end = n;
        while (end > start) {
                size_t b = end - 1;
                unsigned long cp;

                while (b > start && ((unsigned char) out[b] & 0xC0) == 0x80)
                        b--;
                utf8_decode(out + b, end - b, &cp);
                if (!is_edge_punct(cp))
                        break;
                end = b;
        }
        memmove(out, out + start, end - start);
        out[end - start] = '\0';
        return out;
}

/* Copies s into out[0..cap) whole or cut before the character that does not fit. */
static void copy_cut(char *out, size_t cap, const char *s)
{
        size_t n = strlen(s);

        if (cap == 0)
                return;
        if (n >= cap) {
                n = cap - 1;
                while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80)
                        n--;
        }
        memcpy(out, s, n);
        out[n] = '\0';
}

size_t unit_name_normalise(const char *in, char *out, size_t cap)
{
        char *s = normalised(in);
        size_t n;

        if (!s) {
                copy_cut(out, cap, "");
                return 0;
        }
        n = strlen(s);
        copy_cut(out, cap, s);
        free(s);
        return n;
}

/* The code without surrounding white space; *ret_len 0 when there is none. */
static const char *code_of(const char *code, size_t *ret_len)
{
        size_t n;

        if (!code) {
                *ret_len = 0;
                return "";
        }
        while (*code == ' ' || *code == '\t' || *code == '\r' || *code == '\n')
                code++;
        n = strlen(code);
        while (n > 0 && (code[n - 1] == ' ' || code[n - 1] == '\t' || code[n - 1] == '\r' ||
                         code[n - 1] == '\n'))
                n--;
        *ret_len = n;
        return code;
}

enum match {
        MATCH_NONE,
        MATCH_CODE,
        MATCH_NAME,
};

static enum match unit_match(const char *name_a, const char *code_a, const char *name_b,
                             const char *code_b)
{
        size_t na, nb;
        char *a, *b;
        bool same;

        code_a = code_of(code_a, &na);
        code_b = code_of(code_b, &nb);
        if (na > 0 && nb > 0)
                return na == nb && strncasecmp(code_a, code_b, na) == 0 ? MATCH_CODE : MATCH_NONE;
        a = normalised(name_a);
        b = normalised(name_b);
        same = a && b && *a && strcmp(a, b) == 0;
        free(a);
        free(b);
        return same ? MATCH_NAME : MATCH_NONE;
}

bool unit_same(const char *name_a, const char *code_a, const char *name_b, const char *code_b)
{
        return unit_match(name_a, code_a, name_b, code_b) != MATCH_NONE;
}

/* ---- the project's units ----------------------------------------------------------------- */

static const char *text_at(json_t *form, const char *section, const char *key)
{
        const char *s = json_string_value(json_object_get(json_object_get(form, section), key));

        return s ? s : "";
}

/* The separators people put between unit names in 联合申报单位: 、，,；;／/ and line breaks. */
static bool is_separator(unsigned long cp)
{
        return cp == 0x3001 || cp == 0xFF0C || cp == ',' || cp == 0xFF1B || cp == ';' ||
               cp == 0xFF0F || cp == '/' || cp == '\n' || cp == '\r';
}

static void add_partner(struct arena *a, struct conflict_project *p, size_t *alloc,
                        const char *name, size_t len)
{
        char *s = arena_strndup(a, name, len);
        char *norm = normalised(s);
        bool empty = !norm || !*norm;

        free(norm);
        if (empty)
                return;
        for (size_t i = 0; i < p->n_partners; i++)
                if (unit_same(p->partners[i], NULL, s, NULL))
                        return;
        *(const char **) arena_push(a, (void **) &p->partners, &p->n_partners, alloc,
                                    sizeof *p->partners) = s;
}

static size_t space_len(const char *s, size_t avail)
{
        if (avail >= 1 && (*s == ' ' || *s == '\t'))
                return 1;
        if (avail >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)        /* U+3000 */
                return 3;
        return 0;
}

/* Each piece between separators, without the white space around it (ASCII and U+3000), so the
 * stored name is the one the user wrote without its padding. */
static void add_joint_units(struct arena *a, struct conflict_project *p, size_t *alloc,
                            const char *s)
{
        size_t len = strlen(s), i = 0, piece = 0;

        for (;;) {
                unsigned long cp = 0;
                size_t k = i < len ? utf8_decode(s + i, len - i, &cp) : 0;

                if (i == len || (k > 0 && is_separator(cp))) {
                        size_t from = piece, to = i, n;

                        while ((n = space_len(s + from, to - from)) > 0)
                                from += n;
                        for (;;) {
                                if (to - from >= 1 && (s[to - 1] == ' ' || s[to - 1] == '\t'))
                                        to--;
                                else if (to - from >= 3 && memcmp(s + to - 3, "\xE3\x80\x80", 3) == 0)
                                        to -= 3;
                                else
                                        break;
                        }
                        add_partner(a, p, alloc, s + from, to - from);
                        if (i == len)
                                break;
                        i += k;
                        piece = i;
                        continue;
                }
                i += k ? k : 1;
        }
}

void conflict_project_from_form(json_t *form, struct arena *a, struct conflict_project *ret)
{
        bool joint = json_is_true(json_object_get(json_object_get(form, "cover"), "joint"));
        size_t alloc = 0;
        const char *s;

        memset(ret, 0, sizeof *ret);
        ret->applicant.name = arena_strdup(a, text_at(form, "unit", "name"));
        ret->applicant.credit_code = arena_strdup(a, text_at(form, "unit", "credit_code"));
        /* form.h: partner fields and joint_units mean nothing unless cover.joint — a user who
         * unticks 联合申报 may leave names there that are no partners. The ownership statement's
         * partner (合作单位或项目权属单位) is asked whatever cover.joint says. */
        if (joint) {
                s = text_at(form, "cover", "partner_unit");
                add_partner(a, ret, &alloc, s, strlen(s));
        }
        s = text_at(form, "ownership", "partner_unit");
        add_partner(a, ret, &alloc, s, strlen(s));
        if (joint)
                add_joint_units(a, ret, &alloc, text_at(form, "unit", "joint_units"));
}

/* ---- the check --------------------------------------------------------------------------- */

static void detail_set(char *detail, size_t cap, const char *f, ...) __attribute__((format(printf, 3, 4)));
static void detail_set(char *detail, size_t cap, const char *f, ...)
{
        va_list ap;
        char *s = NULL;
        int n;

        if (!detail || cap == 0)
                return;
        va_start(ap, f);
        n = vasprintf(&s, f, ap);
        va_end(ap);
        copy_cut(detail, cap, n >= 0 && s ? s : "");
        free(s);
}

static const char *how(enum match m)
{
        return m == MATCH_CODE ? "按统一社会信用代码" : "按单位名称";
}

/* A unit the expert is at in the evaluation month: the current one, or a former one that the
 * expert leaves only later (until after the month). */
static bool still_there(const struct conflict_former_unit *f, const struct conflict_rules *r)
{
        return f->until > r->month;
}

enum conflict_reason conflict_check(const struct conflict_expert *e, const struct conflict_project *p,
                                    const struct conflict_rules *r, char *detail, size_t cap)
{
        const struct conflict_unit *app = &p->applicant;
        enum match m;

        detail_set(detail, cap, "%s", "");

        m = unit_match(e->unit.name, e->unit.credit_code, app->name, app->credit_code);
        if (m) {
                detail_set(detail, cap, "专家现任职于申报单位（%s）", how(m));
                return CONFLICT_SAME_UNIT;
        }
        for (size_t i = 0; i < e->n_former; i++) {
                const struct conflict_former_unit *f = &e->former[i];

                if (!still_there(f, r))
                        continue;
                m = unit_match(f->unit.name, f->unit.credit_code, app->name, app->credit_code);
                if (m) {
                        detail_set(detail, cap, "专家仍任职于申报单位（离职年月 %d年%d月 尚未到，%s）",
                                   f->until / 12, f->until % 12 + 1, how(m));
                        return CONFLICT_SAME_UNIT;
                }
        }

        for (size_t j = 0; j < p->n_partners; j++) {
                if (unit_same(e->unit.name, e->unit.credit_code, p->partners[j], NULL)) {
                        detail_set(detail, cap, "专家现任职于合作单位 %s", p->partners[j]);
                        return CONFLICT_PARTNER_UNIT;
                }
                for (size_t i = 0; i < e->n_former; i++) {
                        const struct conflict_former_unit *f = &e->former[i];

                        if (still_there(f, r) &&
                            unit_same(f->unit.name, f->unit.credit_code, p->partners[j], NULL)) {
                                detail_set(detail, cap,
                                           "专家仍任职于合作单位 %s（离职年月 %d年%d月 尚未到）",
                                           p->partners[j], f->until / 12, f->until % 12 + 1);
                                return CONFLICT_PARTNER_UNIT;
                        }
                }
        }

        for (size_t i = 0; i < e->n_former; i++) {
                const struct conflict_former_unit *f = &e->former[i];
                /* "离职未满 N 年" counted in whole months, inclusive: with 3 years, an expert who
                 * left 36 months before the evaluation month still conflicts, one who left 37
                 * months before does not. int64_t: the months come from stored data. */
                int64_t ago = (int64_t) r->month - f->until;
                const char *where = NULL, *name = NULL;

                if (still_there(f, r) || ago > (int64_t) r->conflict_years * 12)
                        continue;
                if (unit_same(f->unit.name, f->unit.credit_code, app->name, app->credit_code)) {
                        where = "申报单位";
                        name = app->name;
                }
                for (size_t j = 0; !where && j < p->n_partners; j++)
                        if (unit_same(f->unit.name, f->unit.credit_code, p->partners[j], NULL)) {
                                where = "合作单位";
                                name = p->partners[j];
                        }
                if (where) {
                        detail_set(detail, cap, "专家 %d年%d月 离开%s %s（%lld 个月前，回避期 %d 年）",
                                   f->until / 12, f->until % 12 + 1, where, name ? name : "",
                                   (long long) ago, r->conflict_years);
                        return CONFLICT_FORMER_UNIT;
                }
        }

        if (r->same_city_conflict && e->city_code && p->city_code && *e->city_code &&
            strcmp(e->city_code, p->city_code) == 0) {
                detail_set(detail, cap, "专家与申报单位同属一个设区市（%s）", p->city_code);
                return CONFLICT_SAME_CITY;
        }
        return CONFLICT_NONE;
}
