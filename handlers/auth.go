package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/ideario/ideario/i18n"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/store"
	"github.com/labstack/echo/v4"
)

// AuthPage is the data of the sign-up, log-in and password pages.
type AuthPage struct {
	Page
	Form      map[string]string
	Errors    FormErrors
	Countries []i18n.Country
	Next      string
	Token     string
	Sent      bool
}

func (h *Handler) authPage(c echo.Context, title string) AuthPage {
	return AuthPage{Page: h.Page(c, title), Form: map[string]string{}, Errors: FormErrors{},
		Next: safeNext(c.QueryParam("next"))}
}

// SignupForm shows the sign-up form.
func (h *Handler) SignupForm(c echo.Context) error {
	if CurrentUser(c) != nil {
		return signedInAlready(c)
	}
	p := h.authPage(c, T(c, "Sign up"))
	p.Countries = i18n.Countries(p.Locale)
	return c.Render(http.StatusOK, "signup", p)
}

// Signup creates an account, signs the person in and mails a verification link.
func (h *Handler) Signup(c echo.Context) error {
	ctx := c.Request().Context()
	p := h.authPage(c, T(c, "Sign up"))
	p.Countries = i18n.Countries(p.Locale)
	p.Next = safeNext(c.FormValue("next"))
	in := accounts.NewUser{Name: Form(c, "name"), Email: accounts.NormalizeEmail(Form(c, "email")),
		Password: c.FormValue("password"), Country: Form(c, "country"), Locale: Locale(c), Role: accounts.RoleContributor}
	p.Form = map[string]string{"name": in.Name, "email": in.Email, "country": in.Country}
	if !p.Site.SignupOpen {
		p.Errors["form"] = T(c, "Sign-up is closed for now.")
		return c.Render(http.StatusForbidden, "signup", p)
	}
	if c.FormValue(honeypotField) != "" {
		// Only programs see this field (it is off screen, out of the tab
		// order and hidden from screen readers); a person who somehow
		// filled it is told what to do.
		p.Errors["form"] = T(c, "Please leave the field \"%s\" empty, and send the form again.", T(c, "Leave this field empty"))
		return c.Render(http.StatusUnprocessableEntity, "signup", p)
	}
	v := NewValidator(c)
	v.Length("name", in.Name, 1, NameMax)
	v.email("email", in.Email)
	v.password("password", in.Password)
	v.country("country", in.Country)
	if !v.OK() {
		p.Errors = v.errors
		return c.Render(http.StatusUnprocessableEntity, "signup", p)
	}
	if err := h.countLimits(c, limitOn{h.signupAddressLimit(), c.RealIP()}); err != nil {
		msg, ok := limited(c, err, T(c, "Too many accounts were created from your network."))
		if !ok {
			return err
		}
		p.Errors["form"] = msg
		return c.Render(http.StatusTooManyRequests, "signup", p)
	}
	u, err := h.Store.Accounts.CreateUser(ctx, in)
	if errors.Is(err, store.ErrDuplicate) {
		// The same answer as for a new account, so that sign-up tells
		// nobody who is registered: the address's owner gets a mail
		// instead of a verification link.
		h.warnOwner(c, in.Email)
		h.Sessions.Flash(c, welcome(c, in.Name, in.Email))
		return Redirect(c, p.Next)
	}
	if err != nil {
		return err
	}
	if err := h.Sessions.Login(c, u); err != nil {
		return err
	}
	h.sendVerification(c, u)
	h.Sessions.Flash(c, welcome(c, u.Name, u.Email))
	return Redirect(c, p.Next)
}

// honeypotField is the sign-up field that only programs fill in.
const honeypotField = "referral_code"

func welcome(c echo.Context, name, email string) string {
	return T(c, "Welcome, %s! We sent a link to %s to confirm your address.", name, email)
}

// warnOwner tells the owner of an address that someone tried to sign up
// with it: a person who forgot having an account learns how to get back
// in, and anyone else learns that their address is being tried.
func (h *Handler) warnOwner(c echo.Context, email string) {
	owner, err := h.Store.Accounts.UserByEmail(c.Request().Context(), email)
	if err != nil {
		h.Log.Error("sign-up warning: the owner", "err", err)
	}
	l := h.localeOf(c, owner)
	st, err := h.Store.Site.Settings(c.Request().Context())
	if err != nil {
		h.Log.Error("sign-up warning: settings", "err", err)
		return
	}
	h.sendAccountMail(c.Request().Context(), email, l, ownerWarning(l, st.SiteName, h.Config.BaseURL))
}

// sendVerification mails a link that confirms the address. A mail failure
// is logged, not shown: the account exists, and the person can ask again.
func (h *Handler) sendVerification(c echo.Context, u *accounts.User) {
	ctx := c.Request().Context()
	token, err := h.Store.Accounts.IssueToken(ctx, u.ID, accounts.PurposeVerify, 7*24*time.Hour)
	if err != nil {
		h.Log.Error("verification token", "err", err)
		return
	}
	link := h.Config.BaseURL + "/verify?token=" + token
	l := h.localeOf(c, u)
	st, err := h.Store.Site.Settings(ctx)
	if err != nil {
		h.Log.Error("verification: settings", "err", err)
		return
	}
	h.sendAccountMail(ctx, u.Email, l, verificationMail(l, u.Name, st.SiteName, link))
}

// Verify confirms an address from the mailed link.
func (h *Handler) Verify(c echo.Context) error {
	userID, err := h.Store.Accounts.ConsumeToken(c.Request().Context(), accounts.PurposeVerify, c.QueryParam("token"))
	if errors.Is(err, store.ErrNotFound) {
		return h.message(c, http.StatusBadRequest, T(c, "This link has expired or was already used."))
	}
	if err != nil {
		return err
	}
	if err := h.Store.Accounts.MarkVerified(c.Request().Context(), userID); err != nil {
		return err
	}
	h.Sessions.Flash(c, T(c, "Thank you, your email address is confirmed."))
	return c.Redirect(http.StatusSeeOther, "/")
}

// LoginForm shows the log-in form.
func (h *Handler) LoginForm(c echo.Context) error {
	if CurrentUser(c) != nil {
		return signedInAlready(c)
	}
	return c.Render(http.StatusOK, "login", h.authPage(c, T(c, "Log in")))
}

// signedInAlready sends a person who is signed in on to where they were
// going, rather than show them a form to sign in again.
func signedInAlready(c echo.Context) error {
	return Redirect(c, safeNext(c.QueryParam("next")))
}

// Login signs a person in and sends them back where they were going.
func (h *Handler) Login(c echo.Context) error {
	p := h.authPage(c, T(c, "Log in"))
	p.Next = safeNext(c.FormValue("next"))
	email := Form(c, "email")
	p.Form["email"] = email
	// Failures are counted per account and per address; while either
	// must wait, no password is even tried. The account is the address
	// typed, whether it has an account or not, so that waits tell nobody
	// who is registered.
	limits := []limitOn{{h.loginAccountLimit(), accounts.NormalizeEmail(email)}, {h.loginAddressLimit(), c.RealIP()}}
	tooMany := T(c, "Too many failed log-ins.")
	if err := h.checkLimits(c, limits...); err != nil {
		return h.loginRefused(c, p, err, tooMany)
	}
	u, err := h.Store.Accounts.Authenticate(c.Request().Context(), email, c.FormValue("password"))
	if errors.Is(err, accounts.ErrBadCredentials) {
		if err := h.countLimits(c, limits...); err != nil {
			return h.loginRefused(c, p, err, tooMany)
		}
		p.Errors["form"] = T(c, "Wrong email or password.")
		return c.Render(http.StatusUnprocessableEntity, "login", p)
	}
	if err != nil {
		return err
	}
	if h.limitsOn() {
		if err := h.Store.Limits.ForgetLimit(c.Request().Context(), h.loginAccountLimit(), accounts.NormalizeEmail(email)); err != nil && !store.Unavailable(err) {
			return err
		}
	}
	if err := h.Sessions.Login(c, u); err != nil {
		return err
	}
	return Redirect(c, p.Next)
}

// loginRefused shows the log-in form again with a rate limit's message.
func (h *Handler) loginRefused(c echo.Context, p AuthPage, err error, what string) error {
	msg, ok := limited(c, err, what)
	if !ok {
		return err
	}
	p.Errors["form"] = msg
	return c.Render(http.StatusTooManyRequests, "login", p)
}

// Logout ends the person's sessions, in this browser and everywhere else.
func (h *Handler) Logout(c echo.Context) error {
	if u := CurrentUser(c); u != nil {
		if err := h.Store.Accounts.EndSessions(c.Request().Context(), u.ID); err != nil {
			return err
		}
	}
	if err := h.Sessions.Logout(c); err != nil {
		return err
	}
	return Redirect(c, "/")
}

// ForgotForm asks for the address to send a reset link to.
func (h *Handler) ForgotForm(c echo.Context) error {
	return c.Render(http.StatusOK, "forgot", h.authPage(c, T(c, "Forgot your password?")))
}

// Forgot mails a one-time reset link. It answers the same whether the
// address has an account or not, so it tells nobody who is registered.
func (h *Handler) Forgot(c echo.Context) error {
	ctx := c.Request().Context()
	p := h.authPage(c, T(c, "Forgot your password?"))
	email := accounts.NormalizeEmail(Form(c, "email"))
	p.Form["email"] = email
	v := NewValidator(c)
	v.email("email", email)
	if !v.OK() {
		p.Errors = v.errors
		return c.Render(http.StatusUnprocessableEntity, "forgot", p)
	}
	if err := h.countLimits(c, limitOn{h.resetAccountLimit(), email}, limitOn{h.resetAddressLimit(), c.RealIP()}); err != nil {
		msg, ok := limited(c, err, T(c, "Too many password reset requests."))
		if !ok {
			return err
		}
		p.Errors["email"] = msg
		return c.Render(http.StatusTooManyRequests, "forgot", p)
	}
	u, err := h.Store.Accounts.UserByEmail(ctx, email)
	switch {
	case err == nil:
		token, err := h.Store.Accounts.IssueToken(ctx, u.ID, accounts.PurposeReset, time.Hour)
		if err != nil {
			return err
		}
		link := h.Config.BaseURL + "/password/reset?token=" + token
		l := h.localeOf(c, u)
		h.sendAccountMail(ctx, u.Email, l, resetMail(l, u.Name, link))
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	p.Sent = true
	return c.Render(http.StatusOK, "forgot", p)
}

// ResetForm asks for a new password.
func (h *Handler) ResetForm(c echo.Context) error {
	p := h.authPage(c, T(c, "Choose a new password"))
	p.Token = c.QueryParam("token")
	if !h.Store.Accounts.TokenValid(c.Request().Context(), accounts.PurposeReset, p.Token) {
		return h.message(c, http.StatusBadRequest, T(c, "This link has expired or was already used."))
	}
	return c.Render(http.StatusOK, "reset", p)
}

// Reset sets the new password and signs the person in.
func (h *Handler) Reset(c echo.Context) error {
	ctx := c.Request().Context()
	p := h.authPage(c, T(c, "Choose a new password"))
	p.Token = c.FormValue("token")
	password := c.FormValue("password")
	v := NewValidator(c)
	v.password("password", password)
	if !v.OK() {
		p.Errors = v.errors
		return c.Render(http.StatusUnprocessableEntity, "reset", p)
	}
	userID, err := h.Store.Accounts.ConsumeToken(ctx, accounts.PurposeReset, p.Token)
	if errors.Is(err, store.ErrNotFound) {
		return h.message(c, http.StatusBadRequest, T(c, "This link has expired or was already used."))
	}
	if err != nil {
		return err
	}
	// A new password ends every other session, then signs this one in.
	if err := h.Store.Accounts.SetPassword(ctx, userID, password); err != nil {
		return err
	}
	u, err := h.Store.Accounts.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := h.Sessions.Login(c, u); err != nil {
		return err
	}
	h.Sessions.Flash(c, T(c, "Your password was changed."))
	return Redirect(c, "/")
}

// message renders a page that only says something.
func (h *Handler) message(c echo.Context, code int, msg string) error {
	return c.Render(code, "message", ErrorPage{Page: h.Page(c, msg), Code: code, Message: msg})
}
