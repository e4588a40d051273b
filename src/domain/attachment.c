#include "domain/attachment.h"

#include <string.h>

static const struct {
        const char *code;
        const char *label;
        bool documents;         /* also DOC and DOCX */
} kinds[ATT_KIND_COUNT_] = {
        [ATT_BUSINESS_LICENSE] = { "business_license", "营业执照", false },
        [ATT_INVESTMENT_PROOF] = { "investment_proof", "项目总投入证明", false },
        [ATT_STAMPED_FORM] = { "stamped_form", "盖章申报表（封面、表一、表二）", false },
        [ATT_OWNERSHIP_STATEMENT] = { "ownership_statement", "项目权属及授权情况说明（盖章）", false },
        [ATT_AUTHORIZATION_LETTER] = { "authorization_letter", "项目权属单位授权书", false },
        [ATT_DETAILED_MATERIALS] = { "detailed_materials", "项目详细材料（按编制提纲）", true },
        [ATT_AWARD_PROOF] = { "award_proof", "项目获奖及获认定证明", false },
        [ATT_QUALIFICATION_PROOF] = { "qualification_proof", "资质及科研成果证明", false },
        [ATT_OTHER] = { "other", "其他材料", false },
};

enum attachment_kind attachment_kind_parse(const char *code)
{
        if (code)
                for (int k = 0; k < ATT_KIND_COUNT_; k++)
                        if (strcmp(kinds[k].code, code) == 0)
                                return (enum attachment_kind)k;
        return ATT_NONE;
}

const char *attachment_kind_code(enum attachment_kind k)
{
        return k >= 0 && k < ATT_KIND_COUNT_ ? kinds[k].code : "";
}

const char *attachment_kind_label(enum attachment_kind k)
{
        return k >= 0 && k < ATT_KIND_COUNT_ ? kinds[k].label : "";
}

bool attachment_type_allowed(enum attachment_kind k, enum file_type t)
{
        if (k < 0 || k >= ATT_KIND_COUNT_)
                return false;
        return t == FT_PDF || t == FT_JPEG || t == FT_PNG ||
               (kinds[k].documents && (t == FT_DOC || t == FT_DOCX));
}

const char *attachment_types_text(enum attachment_kind k)
{
        return k >= 0 && k < ATT_KIND_COUNT_ && kinds[k].documents ? "PDF、JPG、PNG、DOC、DOCX" : "PDF、JPG、PNG";
}

const char *file_type_mime(enum file_type t)
{
        switch (t) {
        case FT_PDF: return "application/pdf";
        case FT_JPEG: return "image/jpeg";
        case FT_PNG: return "image/png";
        case FT_DOC: return "application/msword";
        case FT_DOCX: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        default: return "application/octet-stream";
        }
}

const char *file_type_name(enum file_type t)
{
        switch (t) {
        case FT_PDF: return "PDF";
        case FT_JPEG: return "JPG";
        case FT_PNG: return "PNG";
        case FT_DOC: return "DOC";
        case FT_DOCX: return "DOCX";
        default: return "未知";
        }
}

void sniffer_init(struct sniffer *s)
{
        memset(s, 0, sizeof *s);
}

/* A zip local file header ("PK\3\4") is 30 bytes and then the name; DOCX has word/document.xml. */
static const char word_entry[] = "word/document.xml";

static bool find_word(const unsigned char *p, size_t n)
{
        const size_t wl = sizeof word_entry - 1;
        for (size_t i = 0; i + wl <= n; i++)
                if (p[i] == 'w' && memcmp(p + i, word_entry, wl) == 0)
                        return true;
        return false;
}

void sniffer_feed(struct sniffer *s, const void *data, size_t n)
{
        /* a name split across two chunks is found in the join of the last K bytes and the next K */
        enum { K = sizeof word_entry - 2 };
        _Static_assert(sizeof s->tail >= K, "tail too short");
        const unsigned char *p = data;
        for (size_t i = 0; i < n && s->head_len < sizeof s->head; i++)
                s->head[s->head_len++] = p[i];
        s->total += n;
        if (s->zip_has_word)
                return;
        unsigned char join[2 * K];
        size_t take = n < K ? n : K;
        memcpy(join, s->tail, s->tail_len);
        memcpy(join + s->tail_len, p, take);
        if (find_word(join, s->tail_len + take) || find_word(p, n))
                s->zip_has_word = true;
        if (n >= K) {
                memcpy(s->tail, p + n - K, K);
                s->tail_len = K;
        } else {
                size_t keep = K - n < s->tail_len ? K - n : s->tail_len;
                memmove(s->tail, s->tail + s->tail_len - keep, keep);
                memcpy(s->tail + keep, p, n);
                s->tail_len = keep + n;
        }
}

enum file_type sniffer_finish(const struct sniffer *s)
{
        const unsigned char *h = s->head;
        size_t n = s->head_len;
        if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
                return FT_PDF;
        if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
                return FT_JPEG;
        if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
                return FT_PNG;
        if (n >= 8 && memcmp(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
                return FT_DOC;
        if (n >= 4 && memcmp(h, "PK\3\4", 4) == 0 && s->zip_has_word)
                return FT_DOCX;
        return FT_UNKNOWN;
}
