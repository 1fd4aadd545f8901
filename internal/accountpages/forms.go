package accountpages

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/skatetrax/skatetrax-api/internal/apperr"
	"github.com/skatetrax/skatetrax-api/internal/auth/password"
	"github.com/skatetrax/skatetrax-api/internal/schemafield"
	"github.com/skatetrax/skatetrax-api/internal/server"
)

const expiredForm = "This form has expired or did not come from this site. Please submit it again."

// form reads the posted fields into v.Values as sent (the service trims
// what the API trims; templates never write a password back).
func form(c echo.Context, v *view, fields ...string) {
	for _, f := range fields {
		v.Values[f] = c.FormValue(f)
	}
}

// checkSchema holds the values to the contract's request schema (lengths,
// patterns) exactly as the API's validator does, and puts each violation
// beside its field. It reports whether the values passed.
func (p *Pages) checkSchema(name string, body map[string]any, v *view) bool {
	ref := p.d.Spec.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		v.FormError = "This form cannot be checked right now."
		return false
	}
	err := ref.Value.VisitJSON(body, openapi3.MultiErrors())
	if err == nil {
		return true
	}
	var multi openapi3.MultiError
	if !errors.As(err, &multi) {
		multi = openapi3.MultiError{err}
	}
	for _, e := range multi {
		fe, ok := schemafield.Of(e, "body")
		if !ok {
			v.FormError = "The form could not be read."
			continue
		}
		// roles.0 is shown beside the roles fieldset.
		name, _, _ := strings.Cut(fe.Name, ".")
		if _, taken := v.Errors[name]; !taken {
			v.Errors[name] = fe.Message
		}
	}
	return false
}

// body is the form as the JSON body an API client would send: empty
// fields are left out.
func body(v *view, fields ...string) map[string]any {
	out := map[string]any{}
	for _, f := range fields {
		if s := v.Values[f]; s != "" {
			out[f] = s
		}
	}
	return out
}

var wordRE = regexp.MustCompile(`[A-Za-z_]+`)

// place shows a refusal of the accounts service on the page: a contract
// field detail or a message naming fields goes beside those fields (for a
// "required" message, beside the empty ones), a password-policy message
// beside policyField, anything else above the form. It returns the status
// to answer with; an internal fault comes back as the error.
func place(c echo.Context, err error, v *view, policyField string, fields ...string) (int, error) {
	e, ok := apperr.As(err)
	if !ok {
		return 0, err
	}
	status := server.Status(e, c.Request().Method+" "+c.Path())
	if status >= 500 && e.Code != apperr.Unavailable {
		return 0, err
	}
	if e.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	msg := e.Message
	if msg == "" {
		msg = e.ErrorText
	}
	for _, d := range e.Details {
		if d.Name != "" {
			v.Errors[d.Name] = d.Message
		}
	}
	if len(e.Details) > 0 {
		return status, nil
	}
	if policyField != "" && isPolicy(msg) {
		v.Errors[policyField] = msg
		return status, nil
	}
	named := map[string]bool{}
	for _, w := range wordRE.FindAllString(msg, -1) {
		named[w] = true
	}
	required := strings.Contains(msg, "required")
	placed := false
	for _, f := range fields {
		if !named[f] || (required && v.Values[f] != "") {
			continue
		}
		v.Errors[f] = msg
		placed = true
	}
	if !placed {
		v.FormError = msg
	}
	return status, nil
}

func isPolicy(msg string) bool {
	return msg == password.ErrTooShort.Error() || msg == password.ErrTooLong.Error()
}

// refuseForm answers a submission without a valid CSRF token.
func (p *Pages) refuseForm(c echo.Context, page string, v *view) error {
	v.FormError = expiredForm
	return p.render(c, http.StatusForbidden, page, v)
}
