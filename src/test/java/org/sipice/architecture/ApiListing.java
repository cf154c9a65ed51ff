package org.sipice.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * sipice's public surface as text: one line per API type (its declaration, supertypes and
 * permitted subtypes), then one indented line per public or protected field, constructor and
 * method, in {@link Method#toGenericString()} form without the type's name (modifiers, generic types,
 * throws; no parameter names, so renaming a parameter is no API change). Types and members are sorted, so
 * the text depends only on the API, not on the order of the source.
 */
final class ApiListing {
    private ApiListing() {
    }

    static List<String> of(JavaClasses classes) {
        List<Class<?>> api = classes.stream().filter(SipicePackages::isApi).map(JavaClass::reflect)
                .sorted(Comparator.comparing(Class::getName)).toList();
        List<String> lines = new ArrayList<>();
        for (Class<?> c : api) {
            lines.add(declaration(c));
            List<String> members = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    members.add(f.toGenericString());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    members.add(k.toGenericString());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    members.add(m.toGenericString());
                }
            }
            // "public int org.sipice.b2bua.B2bua.activeBridges()" reads "public int activeBridges()"
            String owner = " " + c.getName() + ".";
            members.stream().map(m -> m.replace(owner, " ")).sorted().map(m -> "  " + m).forEach(lines::add);
        }
        return lines;
    }

    private static String declaration(Class<?> c) {
        // Written out here rather than Class.toGenericString(), whose form changes between JDKs
        // (later ones add "sealed"): the listing must not differ with the JDK that builds it.
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        int modifiers = c.getModifiers() & Modifier.classModifiers() & ~(c.isInterface() ? Modifier.ABSTRACT : 0);
        StringBuilder d = new StringBuilder(Modifier.toString(modifiers)).append(' ').append(kind).append(' ')
                .append(c.getName());
        if (c.getTypeParameters().length > 0) {
            d.append(Arrays.stream(c.getTypeParameters()).map(ApiListing::typeParameter)
                    .collect(Collectors.joining(",", "<", ">")));
        }
        Type superclass = c.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !c.isEnum() && !c.isRecord()) {
            d.append(" extends ").append(superclass.getTypeName());
        }
        if (c.getGenericInterfaces().length > 0 && !c.isAnnotation()) {
            d.append(c.isInterface() ? " extends " : " implements ").append(Arrays.stream(c.getGenericInterfaces())
                    .map(Type::getTypeName).sorted().collect(Collectors.joining(", ")));
        }
        if (c.isSealed()) {
            d.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getName).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return d.toString();
    }

    private static String typeParameter(java.lang.reflect.TypeVariable<?> v) {
        List<String> bounds = Arrays.stream(v.getBounds()).filter(t -> t != Object.class).map(Type::getTypeName).toList();
        return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }
}
