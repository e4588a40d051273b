#include "http/request.h"

#include <microhttpd.h>
#include <stdlib.h>

const char *req_header(struct req *r, const char *name)
{
        return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct req *r, const char *name)
{
        return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
        return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

uint64_t req_content_length(struct req *r)
{
        const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
        return cl ? strtoull(cl, NULL, 10) : 0;
}

bool req_has_body(struct req *r)
{
        return req_content_length(r) > 0 || req_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING);
}
