/*
 * error.h: the nucleus's error codes (STYLE.md, habit 5): every nucleus
 * function that can fail returns 0 or a negative ERR_* code.  They are the
 * native ABI's codes (ipc/lichen/abi.h), so a call returns them unchanged.
 */
#ifndef LICHEN_ERROR_H
#define LICHEN_ERROR_H

#include "lichen/abi.h"

/* err_name: a short name for an error code, for messages. */
static inline const char *err_name(int err)
{
	static const char *const names[] = {
		"ok", "EINVAL", "ENOMEM", "EEXIST", "ENOENT", "ERANGE", "ENOTSUP",
		"EFULL", "EBADH", "ERIGHTS", "EFAULT", "ETIMEOUT", "EDEAD", "EAGAIN",
		"EBUDGET", "EINTR", "ENOSYS", "ESTATE",
	};
	return (err <= 0 && -err < (int)(sizeof(names) / sizeof(names[0])))
		? names[-err] : "E?";
}

#endif
