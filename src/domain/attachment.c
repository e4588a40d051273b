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

void sniffer_feed(struct sniffer *s, const void *data, size_t n)
{
        const unsigned char *p = data;
        for (size_t i = 0; i < n && s->head_len < sizeof s->head; i++)
                s->head[s->head_len++] = p[i];
        s->total += n;
}

bool sniffer_is_zip(const struct sniffer *s)
{
        return s->head_len >= 4 && memcmp(s->head, "PK\3\4", 4) == 0;
}

enum file_type sniffer_finish(const struct sniffer *s, bool docx_entry)
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
        if (sniffer_is_zip(s) && docx_entry)
                return FT_DOCX;
        return FT_UNKNOWN;
}

static uint32_t le32(const unsigned char *p)
{
        return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
        return (uint16_t)(p[0] | p[1] << 8);
}

bool zip_find_directory(const unsigned char *tail, size_t n, uint64_t file_size, uint64_t *ret_offset,
                        uint64_t *ret_size)
{
        /* the record is 22 bytes plus a comment of up to 65535: search backwards */
        if (n < 22 || n > file_size)
                return false;
        for (size_t i = n - 22 + 1; i-- > 0;) {
                const unsigned char *e = tail + i;
                if (le32(e) != 0x06054b50)
                        continue;
                uint64_t size = le32(e + 12), offset = le32(e + 16);
                uint64_t record_at = file_size - n + i;
                if (offset + size > record_at || i + 22 + le16(e + 20) != n)
                        continue;
                *ret_offset = offset;
                *ret_size = size;
                return true;
        }
        return false;
}

bool zip_directory_has(const unsigned char *dir, size_t n, const char *name)
{
        size_t want = strlen(name);
        for (size_t i = 0; i + 46 <= n;) {
                if (le32(dir + i) != 0x02014b50)
                        return false;
                size_t name_len = le16(dir + i + 28), extra = le16(dir + i + 30), comment = le16(dir + i + 32);
                if (i + 46 + name_len > n)
                        return false;
                if (name_len == want && memcmp(dir + i + 46, name, want) == 0)
                        return true;
                i += 46 + name_len + extra + comment;
        }
        return false;
}
