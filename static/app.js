// tokendesk: navigation, clipboard, selection and presets, and when dialogs open (how they behave: dialogs.js). No framework; htmx does the requests.
(function () {
    "use strict";
    document.documentElement.classList.add("js");
    var openDialog = window.Dialogs.open;
    var closeDialog = window.Dialogs.close;
    var openerOf = window.Dialogs.openerOf;
    var upgradeLinks = window.Dialogs.upgradeLinks;

    // A table wider than its card scrolls inside it; the card then takes focus, so the keyboard can scroll it too.
    function markScrollers() {
        document.querySelectorAll(".table-wrap").forEach(function (wrap) {
            var scrolls = wrap.scrollWidth > wrap.clientWidth;
            if (scrolls && !wrap.hasAttribute("data-scroller")) {
                var heading = document.querySelector("main h1");
                wrap.setAttribute("data-scroller", "");
                wrap.setAttribute("tabindex", "0");
                wrap.setAttribute("role", "region");
                wrap.setAttribute("aria-label", (heading ? heading.textContent.trim() + " " : "") + "table, scrolls sideways");
            } else if (!scrolls && wrap.hasAttribute("data-scroller")) {
                ["data-scroller", "tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
            }
        });
    }

    window.addEventListener("resize", markScrollers);
    document.addEventListener("htmx:afterSettle", markScrollers);

    function toggleNavigation(button) {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", String(open));
        document.getElementById(button.getAttribute("aria-controls")).classList.toggle("open", open);
    }

    // A revealed token must not outlive its dialog: closing it (Done, Escape) swaps in a blank form.
    function resetCreateForm() {
        var holder = document.getElementById("create-form");
        if (holder && holder.querySelector("#token-value")) {
            holder.querySelector("#token-value").value = "";
            htmx.ajax("GET", "/tokens/new", {target: "#create-form", swap: "outerHTML"});
        }
    }

    document.addEventListener("click", function (event) {
        var navToggle = event.target.closest("#nav-toggle");
        if (navToggle) {
            toggleNavigation(navToggle);
            return;
        }
        var opener = event.target.closest("[data-open-dialog]");
        if (opener) {
            event.preventDefault();
            openDialog(document.getElementById(opener.getAttribute("data-open-dialog")), opener);
            return;
        }
        var closer = event.target.closest("[data-close-dialog]");
        if (closer && closer.closest("dialog")) {
            event.preventDefault();
            closeDialog(closer.closest("dialog"));
            return;
        }
        var copy = event.target.closest("[data-copy]");
        if (copy) {
            copyValue(copy, document.querySelector(copy.getAttribute("data-copy")));
            return;
        }
        var dismiss = event.target.closest("[data-dismiss]");
        if (dismiss) {
            dismiss.closest(".flash").remove();
            return;
        }
        if (event.target.id === "bulk-clear") {
            document.querySelectorAll(".token-check, #select-all").forEach(function (box) { box.checked = false; });
            updateBulkBar();
        }
        // a click anywhere else closes open row menus
        document.querySelectorAll("details.row-menu[open]").forEach(function (menu) {
            if (!menu.contains(event.target)) {
                menu.removeAttribute("open");
            }
        });
    });

    function copyValue(button, input) {
        if (!input) {
            return;
        }
        var done = function () {
            button.textContent = "Copied";
        };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(input.value).then(done, function () {
                input.select();
                document.execCommand("copy");
                done();
            });
        } else {
            input.select();
            document.execCommand("copy");
            done();
        }
    }

    document.addEventListener("close", function (event) {
        if (event.target.id === "create-dialog") {
            resetCreateForm();
        }
        if (event.target.id === "confirm-dialog") {
            document.getElementById("confirm-body").innerHTML = "";
        }
    }, true);

    // Confirmation dialogs: their content arrives by htmx, then the dialog opens.
    document.addEventListener("htmx:afterSwap", function (event) {
        upgradeLinks(event.detail.target);
        if (event.detail.target.id === "confirm-body") {
            var requester = event.detail.requestConfig ? event.detail.requestConfig.elt : null;
            var opener = openerOf(requester || document.activeElement);
            document.querySelectorAll("details.row-menu[open]").forEach(function (menu) { menu.removeAttribute("open"); });
            openDialog(document.getElementById("confirm-dialog"), opener);
        }
        if (event.detail.target.id === "token-table") {
            updateBulkBar();
        }
    });

    // Focus the first bad field (or the revealed token) once htmx has settled: until then an element that kept
    // its id still carries its old class, so ".invalid" is not there yet at afterSwap.
    document.addEventListener("htmx:afterSettle", function (event) {
        if (event.detail.target.id === "create-form" || event.detail.target.closest("#create-dialog")) {
            var focus = document.querySelector("#create-dialog .invalid, #create-dialog #token-value");
            if (focus) {
                focus.focus();
            }
        }
    });

    // A confirmed action that succeeded closes its dialog; a 422 (htmx counts it as successful) keeps it open.
    document.addEventListener("htmx:afterRequest", function (event) {
        var form = event.detail.elt;
        var ok = event.detail.successful && event.detail.xhr.status < 300;
        if (ok && form.classList && form.classList.contains("confirm-form")) {
            closeDialog(form.closest("dialog"));
        }
    });

    // Selection and the bulk actions bar.
    function updateBulkBar() {
        var bar = document.getElementById("bulk-bar");
        if (!bar) {
            return;
        }
        var checked = document.querySelectorAll(".token-check:checked").length;
        var all = document.querySelectorAll(".token-check").length;
        document.getElementById("bulk-count").textContent = checked + " selected";
        bar.classList.toggle("active", checked > 0);
        var selectAll = document.getElementById("select-all");
        if (selectAll) {
            selectAll.checked = all > 0 && checked === all;
            selectAll.indeterminate = checked > 0 && checked < all;
        }
    }

    document.addEventListener("change", function (event) {
        var target = event.target;
        if (target.id === "select-all") {
            document.querySelectorAll(".token-check").forEach(function (box) { box.checked = target.checked; });
            updateBulkBar();
        } else if (target.classList.contains("token-check")) {
            updateBulkBar();
        } else if (target.name === "preset" && target.dataset.perms !== undefined) {
            applyPreset(target);
        } else if (target.name === "perm") {
            var custom = target.form.querySelector("input[name=preset][value=custom]");
            if (custom) {
                custom.checked = true;
            }
            if (target.value.endsWith(":write") && target.checked) {
                var read = target.form.querySelector("input[name=perm][value='" + target.value.replace(":write", ":read") + "']");
                if (read) {
                    read.checked = true;
                }
            }
        }
        if (target.name === "preset" || target.name === "perm") {
            syncConfigPicker(target.form);
        }
        if (target.name === "expiration") {
            target.form.querySelector(".custom-date").classList.toggle("shown", target.value === "custom");
        }
    });

    function applyPreset(radio) {
        var wanted = radio.dataset.perms.split(" ");
        radio.form.querySelectorAll("input[name=perm]").forEach(function (box) {
            box.checked = wanted.indexOf(box.value) >= 0;
        });
    }

    // "Only these configs" applies while Configs is Read or Write; otherwise it is hidden and its boxes are not sent.
    function syncConfigPicker(form) {
        var picker = form && form.querySelector("#only-configs");
        if (picker) {
            var on = form.querySelector("input[name=perm][value='configs:read']:checked, input[name=perm][value='configs:write']:checked");
            picker.hidden = !on;
            picker.querySelector("fieldset").disabled = !on;
        }
    }

    // Tick the boxes of the preset chosen when the form (re)appears.
    function syncPresets(root) {
        root.querySelectorAll("input[name=preset]:checked").forEach(function (radio) {
            if (radio.dataset.perms !== undefined) {
                applyPreset(radio);
            }
            syncConfigPicker(radio.form);
        });
    }

    document.addEventListener("htmx:load", function (event) {
        upgradeLinks(event.detail.elt);
        syncPresets(event.detail.elt);
    });
    document.addEventListener("DOMContentLoaded", function () {
        upgradeLinks(document.body);
        markScrollers();
        syncPresets(document);
        updateBulkBar();
    });
})();
