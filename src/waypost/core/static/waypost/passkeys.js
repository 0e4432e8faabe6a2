// After a passkey is registered, reload the passkeys page so the new key is listed
// (django-otp-webauthn's script announces it with an event on the button).
document.addEventListener("otp_webauthn.register_complete", () => {
  window.location.reload();
});
