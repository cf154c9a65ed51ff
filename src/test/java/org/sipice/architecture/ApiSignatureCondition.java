package org.sipice.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;

/**
 * An API type names only API types (and the JDK's and libraries') in what an application sees:
 * its supertypes and the signatures of its public and protected fields, constructors and methods,
 * type arguments included. A sipice type that is not API there (internal, package-private, the
 * command's) would leak: the application could not name it, or would come to depend on it.
 */
final class ApiSignatureCondition extends ArchCondition<JavaClass> {

    ApiSignatureCondition() {
        super("name only API types in their supertypes and public or protected signatures");
    }

    @Override
    public void check(JavaClass c, ConditionEvents events) {
        c.getRawSuperclass().ifPresent(s -> checkType(c, "extends", s, events));
        c.getInterfaces().forEach(i -> checkType(c, "implements", i, events));
        for (JavaField f : c.getFields()) {
            if (visible(f.getModifiers())) {
                checkType(c, "field " + f.getName(), f.getType(), events);
            }
        }
        for (JavaCodeUnit u : c.getCodeUnits()) {
            if (!visible(u.getModifiers()) || u.getModifiers().contains(JavaModifier.SYNTHETIC)
                    || u.getModifiers().contains(JavaModifier.BRIDGE)) {
                continue;
            }
            String where = u.getName() + "(...)";
            checkType(c, where + " returns", u.getReturnType(), events);
            u.getParameterTypes().forEach(p -> checkType(c, where + " takes", p, events));
            u.getThrowsClause().getTypes().forEach(t -> checkType(c, where + " throws", t, events));
        }
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void checkType(JavaClass owner, String where, JavaType type, ConditionEvents events) {
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            JavaClass base = raw.getBaseComponentType();
            if (base.getName().startsWith("org.sipice.") && !SipicePackages.isApi(base)) {
                events.add(SimpleConditionEvent.violated(owner,
                        owner.getName() + " " + where + " " + base.getName() + ", which is not API"));
            }
        }
    }
}
