/*
 * A PKCS#11 C_Logout check for test/hardware/public-clients-through-pcscd.test.ts: through OpenSC's module, log in,
 * sign, C_Logout, sign again, log in again, sign again, printing each return value. pkcs11-tool never calls C_Logout,
 * hence this helper. Built by the test with `cc -I/usr/include/p11-kit-1 … -ldl`.
 * Usage: pkcs11-logout-check <module.so> <pin>
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST_PTR f;
static void check(const char *what, CK_RV rv) { printf("%s: 0x%lx\n", what, (unsigned long)rv); }

static CK_RV sign_once(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key) {
  CK_MECHANISM mech = { CKM_SHA256_RSA_PKCS, NULL, 0 };
  CK_RV rv = f->C_SignInit(s, &mech, key);
  if (rv != CKR_OK) return rv;
  unsigned char sig[512]; CK_ULONG len = sizeof sig;
  return f->C_Sign(s, (unsigned char *)"hello", 5, sig, &len);
}

int main(int argc, char **argv) {
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) { printf("dlopen failed\n"); return 2; }
  CK_C_GetFunctionList gfl = (CK_C_GetFunctionList)dlsym(lib, "C_GetFunctionList");
  gfl(&f);
  check("C_Initialize", f->C_Initialize(NULL));
  CK_SLOT_ID slots[8]; CK_ULONG n = 8;
  check("C_GetSlotList", f->C_GetSlotList(CK_TRUE, slots, &n));
  CK_SESSION_HANDLE s;
  check("C_OpenSession", f->C_OpenSession(slots[0], CKF_SERIAL_SESSION, NULL, NULL, &s));
  check("C_Login", f->C_Login(s, CKU_USER, (unsigned char *)argv[2], strlen(argv[2])));
  CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY; unsigned char id = 1;
  CK_ATTRIBUTE tmpl[] = { { CKA_CLASS, &cls, sizeof cls }, { CKA_ID, &id, 1 } };
  CK_OBJECT_HANDLE key; CK_ULONG found = 0;
  f->C_FindObjectsInit(s, tmpl, 2); f->C_FindObjects(s, &key, 1, &found); f->C_FindObjectsFinal(s);
  printf("key found: %lu\n", (unsigned long)found);
  check("C_Sign (logged in)", sign_once(s, key));
  check("C_Logout", f->C_Logout(s));
  check("C_Sign (after C_Logout)", sign_once(s, key));
  check("C_Login (again)", f->C_Login(s, CKU_USER, (unsigned char *)argv[2], strlen(argv[2])));
  check("C_Sign (logged in again)", sign_once(s, key));
  f->C_CloseSession(s);
  f->C_Finalize(NULL);
  return 0;
}
