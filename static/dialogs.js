// tokendesk: the behaviour every dialog shares (docs/dialogs.md). No framework; app.js opens dialogs through
// window.Dialogs, and its click, htmx and close handlers decide when.
(function () {
    "use strict";

    // Dialogs (docs/dialogs.md). A native <dialog> opened with showModal() takes focus, makes the page behind it
    // inert and closes on Escape; on top of that Tab wraps inside it, and closing gives focus back to its opener
    // (for an item of a row menu, the menu's button, since the menu closes when the dialog opens).
    var openers = new WeakMap();
    var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]),"
        + " textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

    function openerOf(element) {
        var menu = element && element.closest ? element.closest("details.row-menu") : null;
        return menu ? menu.querySelector("summary") : element;
    }

    function openDialog(dialog, opener) {
        if (dialog && !dialog.open) {
            openers.set(dialog, openerOf(opener || document.activeElement));
            dialog.showModal();
        }
    }

    function closeDialog(dialog) {
        if (dialog && dialog.open) {
            dialog.close();
        }
    }

    function giveFocusBack(dialog) {
        var opener = openers.get(dialog);
        openers.delete(dialog);
        if (opener && !opener.isConnected && opener.id) {
            opener = document.getElementById(opener.id);
        }
        if (opener && opener.isConnected) {
            opener.focus();
        }
    }

    function wrapTab(event, dialog) {
        var items = Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (item) {
            return item.getClientRects().length > 0;
        });
        if (items.length === 0) {
            return;
        }
        var first = items[0];
        var last = items[items.length - 1];
        var inside = dialog.contains(document.activeElement);
        if (event.shiftKey && (!inside || document.activeElement === first)) {
            event.preventDefault();
            last.focus();
        } else if (!event.shiftKey && (!inside || document.activeElement === last)) {
            event.preventDefault();
            first.focus();
        }
    }

    document.addEventListener("keydown", function (event) {
        var dialog = document.querySelector("dialog[open]");
        if (event.key === "Tab" && dialog) {
            wrapTab(event, dialog);
        }
        var menu = event.key === "Escape" && document.activeElement ? document.activeElement.closest("details.row-menu[open]") : null;
        if (menu) {
            menu.removeAttribute("open");
            menu.querySelector("summary").focus();
        }
    });

    // A link that opens or closes a dialog goes somewhere without JavaScript (the dialog's own page, or back to the
    // list); with JavaScript it acts in place, so it becomes the <button> it then is, keeping its attributes.
    var ACTING_LINKS = "a[data-open-dialog], a[data-close-dialog], a[hx-target='#confirm-body']";

    function upgradeLinks(root) {
        if (!root || !root.querySelectorAll) {
            return;
        }
        var links = Array.prototype.slice.call(root.querySelectorAll(ACTING_LINKS));
        if (root.matches(ACTING_LINKS)) {
            links.push(root);
        }
        links.forEach(function (link) {
            var button = document.createElement("button");
            button.type = "button";
            Array.prototype.forEach.call(link.attributes, function (attribute) {
                if (attribute.name !== "href") {
                    button.setAttribute(attribute.name, attribute.value);
                }
            });
            while (link.firstChild) {
                button.appendChild(link.firstChild);
            }
            link.replaceWith(button);
            if (button.hasAttribute("hx-get") && window.htmx) {
                htmx.process(button);
            }
        });
    }

    document.addEventListener("close", function (event) {
        if (event.target.tagName === "DIALOG") {
            giveFocusBack(event.target);
        }
    }, true);

    window.Dialogs = {open: openDialog, close: closeDialog, openerOf: openerOf, upgradeLinks: upgradeLinks};
})();
