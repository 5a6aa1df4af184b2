/*
 * types.c - spelling a type so that it compiles at file scope.
 *
 * Trampolines are functions, and C has no nested ones, so each go
 * statement's argument struct is written at file scope just before the
 * function that holds the statement.  From there every file-scope
 * declaration the statement saw is visible, but nothing declared inside
 * the function is.  A type is written as __typeof__(<clang's spelling>),
 * which takes any declarator shape; a type that names something local is
 * replaced by what it stands for: a typedef by its underlying type, an enum
 * by its integer type, a pointer to a local type by void * (storing it
 * only needs its representation; a function type is never written so, as
 * a call through it would be through another type).  A parameter's array
 * type is its pointer type: libclang shows a decayed parameter as the
 * array it was written as (`const int a[]`).  A local struct or union
 * passed by value cannot be written; that is an error.
 */
#include <string.h>

#include "rewrite.h"

/* Is the declaration of a named type outside every function? */
static bool
decl_visible(CXCursor d)
{
	for (CXCursor c = clang_getCursorSemanticParent(d);
	     !clang_Cursor_isNull(c) && c.kind != CXCursor_TranslationUnit;
	     c = clang_getCursorSemanticParent(c))
		if (c.kind != CXCursor_StructDecl && c.kind != CXCursor_UnionDecl)
			return false;
	return true;
}

static bool
unnamed(CXType t)
{
	CXString s = clang_getTypeSpelling(t);
	bool r = strchr(clang_getCString(s), '(') != NULL;
	clang_disposeString(s);
	return r;
}

/* Can clang's spelling of t be written before the function? */
static bool
visible(CXType t)
{
	switch (t.kind) {
	case CXType_Pointer:
		return visible(clang_getPointeeType(t));
	case CXType_ConstantArray:
	case CXType_IncompleteArray:
	case CXType_Vector:
	case CXType_Complex:
		return visible(clang_getElementType(t));
	case CXType_Elaborated:
		return visible(clang_Type_getNamedType(t));
	case CXType_Atomic:
		return visible(clang_Type_getValueType(t));
	case CXType_Typedef:
		return decl_visible(clang_getTypeDeclaration(t));
	case CXType_Record:
	case CXType_Enum:
		return decl_visible(clang_getTypeDeclaration(t)) && !unnamed(t);
	case CXType_FunctionProto:
		for (int i = 0; i < clang_getNumArgTypes(t); i++)
			if (!visible(clang_getArgType(t, i)))
				return false;
		/* fall through */
	case CXType_FunctionNoProto:
		return visible(clang_getResultType(t));
	default:
		return t.kind >= CXType_FirstBuiltin && t.kind <= CXType_LastBuiltin;
	}
}

bool
variably_modified(CXType t)
{
	switch (t.kind) {
	case CXType_VariableArray:
	case CXType_DependentSizedArray:
		return true;
	case CXType_Pointer:
		return variably_modified(clang_getPointeeType(t));
	case CXType_ConstantArray:
	case CXType_IncompleteArray:
		return variably_modified(clang_getElementType(t));
	case CXType_Elaborated:
	case CXType_Typedef:
	case CXType_Attributed:
		return variably_modified(clang_getCanonicalType(t));
	default:
		return false;
	}
}

static void
append_spelling(CXType t, char **buf, size_t *len)
{
	CXString s = clang_getTypeSpelling(t);
	appendf(buf, len, "__typeof__(%s)", clang_getCString(s));
	clang_disposeString(s);
}

static bool
is_array(CXType t)
{
	return t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray
	       || t.kind == CXType_VariableArray || t.kind == CXType_DependentSizedArray;
}

bool
variably_modified_arg(CXType t)
{
	return variably_modified(is_array(t) ? clang_getElementType(t) : t);
}

/* Append a file-scope spelling of t to *buf; false (and *err, a format
 * taking t's spelling) if none.  exact: no void * for a pointer to a
 * local type. */
bool
spell_type(CXType t, bool exact, char **buf, size_t *len, const char **err)
{
	size_t at = *len;
	if (is_array(t) && spell_type(clang_getElementType(t), true, buf, len, err)) {
		appendf(buf, len, " *");
		return true;
	}
	if (*buf)
		(*buf)[*len = at] = '\0';
	if (visible(t)) {
		append_spelling(t, buf, len);
		return true;
	}
	CXType c = clang_getCanonicalType(t);
	if (c.kind != t.kind || !clang_equalTypes(c, t))
		if (visible(c)) {
			append_spelling(c, buf, len);
			return true;
		}
	if ((c.kind == CXType_Pointer || is_array(c)) && !exact) {
		/* qualified, so that any pointer converts */
		appendf(buf, len, "const volatile void *");
		return true;
	}
	if (c.kind == CXType_Enum)
		return spell_type(clang_getEnumDeclIntegerType(clang_getTypeDeclaration(c)),
				  exact, buf, len, err);
	CXCursor d = clang_getTypeDeclaration(c);
	if ((c.kind == CXType_Record || c.kind == CXType_Enum) && decl_visible(d))
		*err = "go statement passes a value of type '%s', which has no "
		       "name at file scope; gocc-rewrite needs a tag or a "
		       "typedef for it";
	else if (exact)
		*err = "go statement calls through type '%s', which names a "
		       "type declared inside the function; gocc-rewrite needs "
		       "it declared at file scope";
	else
		*err = "go statement passes a value of type '%s', which is "
		       "declared inside the function; gocc-rewrite needs it "
		       "declared at file scope";
	return false;
}
