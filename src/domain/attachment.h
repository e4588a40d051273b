/* Attachment kinds of an application (API.md), what file types each accepts, and recognising a
 * file's type by its content — never by its name or the browser's Content-Type. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Platform limits, stated in the UI (GET /api/v1/about) and in nginx's client_max_body_size. */
#define ATTACHMENT_MAX_FILE_MB 20
#define ATTACHMENT_MAX_TOTAL_MB 200

enum attachment_kind {
        ATT_BUSINESS_LICENSE,
        ATT_INVESTMENT_PROOF,
        ATT_STAMPED_FORM,
        ATT_OWNERSHIP_STATEMENT,
        ATT_AUTHORIZATION_LETTER,
        ATT_DETAILED_MATERIALS,
        ATT_AWARD_PROOF,
        ATT_QUALIFICATION_PROOF,
        ATT_OTHER,
        ATT_KIND_COUNT_,
        ATT_NONE = -1,
};

#define ATT_BIT(k) (1u << (k))

enum file_type {
        FT_UNKNOWN = 0,
        FT_PDF,
        FT_JPEG,
        FT_PNG,
        FT_DOC,         /* OLE2 compound file (Word 97-2003) */
        FT_DOCX,        /* OOXML zip with word/document.xml */
};

enum attachment_kind attachment_kind_parse(const char *code);
const char *attachment_kind_code(enum attachment_kind k);
const char *attachment_kind_label(enum attachment_kind k);   /* 营业执照 ... */
/* Whether a file of type t may be attached as kind k (PDF/JPG/PNG; DOC/DOCX for detailed materials). */
bool attachment_type_allowed(enum attachment_kind k, enum file_type t);
/* "PDF、JPG、PNG" (plus "、DOC、DOCX") for messages. */
const char *attachment_types_text(enum attachment_kind k);
const char *file_type_mime(enum file_type t);
const char *file_type_name(enum file_type t);

/* Recognises a file's type from its bytes as they stream in: feed every chunk, then finish.
 * Memory does not grow with the file. A zip is a DOCX only if its central directory names
 * word/document.xml: the caller reads that directory (zip_find_directory, zip_directory_has). */
struct sniffer {
        unsigned char head[8];
        size_t head_len;
        uint64_t total;
};

void sniffer_init(struct sniffer *s);
void sniffer_feed(struct sniffer *s, const void *data, size_t n);
/* Whether the file starts like a zip (and so needs the directory check). */
bool sniffer_is_zip(const struct sniffer *s);
/* The type; docx_entry: for a zip, whether its directory names word/document.xml. */
enum file_type sniffer_finish(const struct sniffer *s, bool docx_entry);

/* In the last bytes of a zip file (tail, n bytes, ending at the file's end; file_size the whole),
 * finds the end-of-central-directory record: the directory's offset and size. */
bool zip_find_directory(const unsigned char *tail, size_t n, uint64_t file_size, uint64_t *ret_offset,
                        uint64_t *ret_size);
/* Whether a central directory (its bytes) has an entry with exactly this name. */
bool zip_directory_has(const unsigned char *dir, size_t n, const char *name);
