/* Attachment files, content-addressed: <data-dir>/blobs/ab/abcdef…(64 hex). A file is written to
 * <data-dir>/tmp, fsynced, then renamed into place and its directory fsynced, so a blob the
 * database names is always whole on disk. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_int.h"
#include "util/log.h"

const char *store_tmp_dir(struct store *s)
{
        return s->tmp_dir;
}

static bool sha_ok(const char *sha)
{
        if (strlen(sha) != 64)
                return false;
        for (const char *p = sha; *p; p++)
                if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
                        return false;
        return true;
}

static int fsync_dir(const char *dir)
{
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        int r = fsync(fd) < 0 ? -errno : 0;
        close(fd);
        return r;
}

int store_blob_put(struct store *s, const char *tmp_path, const char *sha256)
{
        if (!sha_ok(sha256))
                return -EINVAL;
        char dir[4096], path[4200];
        snprintf(dir, sizeof dir, "%s/%.2s", s->blob_dir, sha256);
        snprintf(path, sizeof path, "%s/%s", dir, sha256);
        if (mkdir(dir, 0750) < 0 && errno != EEXIST)
                return -errno;
        struct stat st;
        if (stat(path, &st) == 0) {
                unlink(tmp_path);       /* the same content is stored already */
                return 0;
        }
        if (rename(tmp_path, path) < 0) {
                int e = errno;
                log_error("附件存储失败 / cannot store blob: %s", strerror(e));
                return -e;
        }
        int r = fsync_dir(dir);
        if (r == 0)
                r = fsync_dir(s->blob_dir);
        return r;
}

int store_blob_open(struct store *s, const char *sha256, int *ret_fd)
{
        if (!sha_ok(sha256))
                return -EINVAL;
        char path[4200];
        snprintf(path, sizeof path, "%s/%.2s/%s", s->blob_dir, sha256, sha256);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        *ret_fd = fd;
        return 0;
}
