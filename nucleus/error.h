/*
 * error.h: the nucleus's own error codes (STYLE.md, habit 5).  Every
 * nucleus function that can fail returns 0 or one of these, negative.
 */
#ifndef LICHEN_ERROR_H
#define LICHEN_ERROR_H

enum {
	ERR_INVAL  = -1,   /* a malformed argument */
	ERR_NOMEM  = -2,   /* no memory (or budget) left */
	ERR_EXIST  = -3,   /* already there: a mapping, a reservation */
	ERR_NOENT  = -4,   /* not found */
	ERR_RANGE  = -5,   /* outside what is managed */
	ERR_NOTSUP = -6,   /* valid, but not supported by this nucleus */
	ERR_FULL   = -7,   /* a fixed-size table is full */
};

/* err_name: a short name for an error code, for messages. */
static inline const char *err_name(int err)
{
	static const char *const names[] = {
		"ok", "EINVAL", "ENOMEM", "EEXIST", "ENOENT", "ERANGE",
		"ENOTSUP", "EFULL",
	};
	return (err <= 0 && -err < (int)(sizeof(names) / sizeof(names[0])))
		? names[-err] : "E?";
}

#endif
